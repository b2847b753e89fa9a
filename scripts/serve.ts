// Runs one component per process, as docker-compose and Kubernetes deploy them:
// `node -r ./platform/register.js scripts/serve.ts <commerce|logistics|finance|ai|keys|gateway>`. The gateway alone
// (`npm run gateway`) serves our subgraphs, or with SUPERGRAPH=file any supergraph, reloaded when the file changes;
// GATEWAY_WORKERS=N (default: the cores) runs N gateway processes on its one port (node:cluster), sharing only Redis.
import '../platform/graphql-mode'; // before anything loads graphql-js
import cluster from 'node:cluster';
import { tracing } from '../platform/tracing-init'; // first: instruments http and fetch before they load
import { loadConfig, ConfigError, SUBGRAPH_NAMES } from '../platform/config';
import { startDatabase } from '../platform/db';
import { describeStartupFailure, preflight } from '../platform/preflight';
import { createLogger } from '../platform/logger';
import { openKeyValueStore } from '../platform/kv';
import { openEventBus } from '../platform/events';
import { openCounters } from '../keyring/counters';
import { Keyring } from '../keyring/keyring';
import { gatewayOptionsFrom, startGateway } from '../gateway/server';
import { SupergraphFile } from '../gateway/supergraph-file';
import { startSubgraph } from './subgraphs';

async function main(component: string | undefined): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(component ?? 'opsgraph', config.logLevel, undefined, config.logFormat);
  if (component && component in config.ports) await preflight(config, [component as keyof typeof config.ports]);
  const closers: Array<() => Promise<void>> = [];
  if (component === 'gateway' && config.gatewayWorkers > 1 && cluster.isPrimary) return superviseWorkers(config.gatewayWorkers, logger);
  if (component === 'gateway') {
    const kv = await openKeyValueStore(config.pubsub, config.redisKeyPrefix);
    closers.push(() => kv.close());
    const supergraph = config.supergraph
      ? new SupergraphFile({ path: config.supergraph.path, urlOverrides: config.supergraph.urlOverrides, logger })
      : undefined;
    if (supergraph) logger.info({ path: supergraph.path, subgraphs: supergraph.subgraphs }, 'serving the supergraph file');
    const gateway = await startGateway({
      subgraphs: supergraph ? [...supergraph.subgraphs] : SUBGRAPH_NAMES.map((name) => ({ name, url: config.subgraphUrls[name] })),
      supergraph,
      port: config.ports.gateway,
      ...gatewayOptionsFrom(config, logger),
      persisted: { kv, manifestPath: config.trustedDocumentsPath },
    });
    closers.unshift(() => gateway.close());
  } else {
    if (config.storage.mode !== 'postgres') throw new ConfigError('A component on its own needs DATABASE_URL (embedded mode runs only under `npm start`)');
    const database = await startDatabase(config);
    const counters = await openCounters(config.pubsub, config.redisKeyPrefix, { replicas: config.faults.keyringReplicas, logger });
    const events = await openEventBus(config.pubsub, config.redisKeyPrefix);
    const keyring = await Keyring.open({
      databaseUrl: database.url, masterKey: config.keyEncryptionKey.key, previousMasterKeys: config.keyEncryptionKey.previous, counters, events, prices: config.llmPrices,
      logger,
    });
    closers.push(() => counters.close(), () => events.close(), () => keyring.close());
    const kv = await openKeyValueStore(config.pubsub, config.redisKeyPrefix);
    closers.push(() => kv.close());
    const name = SUBGRAPH_NAMES.find((known) => known === component);
    if (!name) throw new ConfigError(`usage: serve.ts <${[...SUBGRAPH_NAMES, 'gateway'].join('|')}>, but got "${component}"`);
    const running = await startSubgraph(name, config, { keyring, events, kv, logger, databaseUrl: database.url });
    closers.unshift(() => running.close());
  }
  // A worker tells its primary (which says "started" once every worker listens); the others say it themselves.
  if (cluster.isWorker) process.send?.({ started: true });
  else logger.info(`${component} started`);
  const stop = async () => {
    for (const close of closers) await close().catch(() => undefined);
    await tracing?.shutdown();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

/**
 * The primary of GATEWAY_WORKERS: forks the workers (each one whole gateway; node:cluster hands them the port's
 * connections), replaces one that dies, and stops them all on SIGINT/SIGTERM.
 */
function superviseWorkers(count: number, logger: ReturnType<typeof createLogger>): void {
  let stopping = false;
  let started = 0;
  const fork = () => {
    const worker = cluster.fork();
    worker.on('message', (message: { started?: boolean }) => {
      if (message?.started && ++started === count) logger.info({ workers: count }, 'gateway started');
    });
  };
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    logger.error({ pid: worker.process.pid, code, signal }, 'a gateway worker exited; starting another');
    fork();
  });
  for (let i = 0; i < count; i++) fork();
  const stop = () => {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    let left = workers.length;
    if (left === 0) process.exit(0);
    for (const worker of workers) {
      worker?.once('exit', () => --left === 0 && process.exit(0));
      worker?.process.kill('SIGTERM');
    }
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(describeStartupFailure(error, process.env.LOG_LEVEL));
  process.exit(1);
});
