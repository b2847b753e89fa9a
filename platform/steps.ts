// Start-up told as it happens: each step (storage, migrations, sandbox, a subgraph, composition, seeding…) is one
// log line with how long it took, so a slow or stuck start shows where it is.
import type { Logger } from './logger';

export type Step = <T>(name: string, run: () => Promise<T>) => Promise<T>;

export function startupSteps(logger: Logger): Step {
  return async (name, run) => {
    const started = performance.now();
    logger.debug(`${name}…`);
    try {
      const result = await run();
      const ms = Math.round(performance.now() - started);
      logger.info({ step: name, ms }, `${name} (${ms} ms)`);
      return result;
    } catch (error) {
      logger.error({ step: name, ms: Math.round(performance.now() - started) }, `${name} failed`);
      throw error;
    }
  };
}
