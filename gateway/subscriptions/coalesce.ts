// Per event, the entity fetches of every group sharing an upstream feed are sent once: a fetch is known by its
// subgraph, its operation text (without the generated name) and its variables (the representations), and the
// groups all carry the same tenant and roles (the feed's). The scope lives as long as the event: no answer is
// reused for a later event, so nothing is stale. Then the time spent resolving events is sliced (Pacer), so a
// burst over thousands of groups leaves the event loop to HTTP requests every few milliseconds.
import { performance } from 'node:perf_hooks';
import type { GraphQLDataSource, ServiceMap } from '@apollo/gateway';
import { anonymous, type EventScope } from './feed';

type Response = Awaited<ReturnType<GraphQLDataSource['process']>>;

export function coalescedServices(services: ServiceMap, scope: EventScope): ServiceMap {
  return Object.fromEntries(
    Object.entries(services).map(([name, source]) => [
      name,
      {
        process: async (options) => {
          const key = `${name}\n${anonymous(options.request.query ?? '')}\n${JSON.stringify(options.request.variables ?? {})}`;
          let pending = scope.fetches.get(key) as Promise<Response> | undefined;
          if (!pending) {
            pending = source.process(options);
            scope.fetches.set(key, pending);
          }
          const response = await pending;
          // Each group merges the answer into its own result: a copy each (the HTTP response object stays out).
          return { data: structuredClone(response.data), errors: response.errors, extensions: response.extensions };
        },
      } satisfies GraphQLDataSource,
    ]),
  );
}

/**
 * Runs tasks at most `concurrency` at a time and gives the event loop back every `sliceMs`: all workers wait on one
 * setImmediate, so pending I/O (a query's request, a subgraph's answer) runs before the next slice.
 */
export class Pacer {
  private readonly queue: Array<() => Promise<void>> = [];
  private running = 0;
  private sliceStart = performance.now();
  private yielding: Promise<void> | null = null;

  constructor(private readonly concurrency = 64, private readonly sliceMs = 5) {}

  run<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push(() => task().then(resolve, reject));
      if (this.running < this.concurrency) {
        this.running += 1;
        void this.work();
      }
    });
  }

  private async work(): Promise<void> {
    while (this.queue.length > 0) {
      if (performance.now() - this.sliceStart > this.sliceMs) {
        this.yielding ??= new Promise<void>((resolve) =>
          setImmediate(() => {
            this.yielding = null;
            this.sliceStart = performance.now();
            resolve();
          }),
        );
        await this.yielding;
        continue;
      }
      const task = this.queue.shift()!;
      await task();
    }
    this.running -= 1;
  }
}
