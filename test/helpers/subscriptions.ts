// A graphql-ws subscriber for tests: collects what arrives and lets a test wait for the next event (or for
// the connection to close, with its code).
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface Received {
  data?: Record<string, any> | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, any> }>;
}

export interface Subscriber {
  client: Client;
  events: Received[];
  /** Resolves with the n-th event (0-based) once it has arrived; rejects after timeoutMs. */
  event(n: number, timeoutMs?: number): Promise<Received>;
  /** Resolves when the subscription completes or fails, with the error if any. */
  ended: Promise<{ error?: unknown }>;
  /** The close code of the connection once it closed (the first close). */
  closed: Promise<number>;
  /** Every close code so far, in order (a retrying client may close and reconnect more than once). */
  closes: number[];
  /** Resolves once the server acknowledged the connection. */
  connected: Promise<void>;
  stop(): Promise<void>;
}

export const wsUrl = (httpUrl: string) => httpUrl.replace(/^http/, 'ws');

export function subscribe(
  gatewayUrl: string,
  token: string | null,
  query: string,
  variables: Record<string, unknown> = {},
  options: { extensions?: Record<string, unknown>; retry?: boolean } = {},
): Subscriber {
  const events: Received[] = [];
  const waiters: Array<() => void> = [];
  let onClosed: (code: number) => void = () => undefined;
  let onConnected: () => void = () => undefined;
  const closed = new Promise<number>((resolve) => (onClosed = resolve));
  const closes: number[] = [];
  const connected = new Promise<void>((resolve) => (onConnected = resolve));
  const client = createClient({
    url: wsUrl(gatewayUrl),
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: options.retry ? Infinity : 0,
    retryWait: async () => void (await sleep(200)),
    // A refused connection (the replica is still starting) is worth another try too, as a dashboard would.
    shouldRetry: () => Boolean(options.retry),
    lazy: true,
    on: {
      connected: () => onConnected(),
      closed: (event) => {
        closes.push((event as { code: number }).code);
        onClosed((event as { code: number }).code);
      },
    },
  });
  let end: (value: { error?: unknown }) => void = () => undefined;
  const ended = new Promise<{ error?: unknown }>((resolve) => (end = resolve));
  const dispose = client.subscribe(
    { query, variables, extensions: options.extensions },
    {
      next: (value) => {
        events.push(value as Received);
        waiters.splice(0).forEach((wake) => wake());
      },
      error: (error) => end({ error }),
      complete: () => end({}),
    },
  );
  return {
    client,
    events,
    connected,
    ended,
    closed,
    closes,
    async event(n, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (events.length <= n) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`event ${n} did not arrive within ${timeoutMs} ms (got ${events.length}: ${JSON.stringify(events).slice(0, 500)})`);
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([new Promise<void>((resolve) => waiters.push(resolve)), new Promise((resolve) => (timer = setTimeout(resolve, left)))]);
        clearTimeout(timer);
      }
      return events[n];
    },
    async stop() {
      dispose();
      await client.dispose();
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until check() is true, polling; throws with the message after timeoutMs. */
export async function until(check: () => boolean | Promise<boolean>, message: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${message}`);
    await sleep(25);
  }
}
