// Runs one component per process, as docker-compose and Kubernetes deploy them:
// `node -r ./platform/register.js scripts/serve.ts <commerce|logistics|finance|ai|keys|gateway>`.
import { tracing } from '../platform/tracing-init'; // first: instruments http and fetch before they load
import { loadConfig, ConfigError, SUBGRAPH_NAMES } from '../platform/config';
import { startDatabase } from '../platform/db';
import { describeStartupFailure, preflight } from '../platform/preflight';
import { createLogger } from '../platform/logger';
import { openKeyValueStore } from '../platform/kv';
import { openEventBus } from '../platform/events';
import { openCounters } from '../keyring/counters';
import { Keyring } from '../keyring/keyring';
import { startCommerce } from '../subgraphs/commerce/server';
import { startLogistics } from '../subgraphs/logistics/server';
import { startFinance } from '../subgraphs/finance/server';
import { startAi } from '../subgraphs/ai/server';
import { startKeys } from '../subgraphs/keys/server';
import { gatewayOptionsFrom, startGateway } from '../gateway/server';

async function main(component: string | undefined): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(component ?? 'opsgraph', config.logLevel, undefined, config.logFormat);
  if (component && component in config.ports) await preflight(config, [component as keyof typeof config.ports]);
  const closers: Array<() => Promise<void>> = [];
  if (component === 'gateway') {
    const kv = await openKeyValueStore(config.pubsub, config.redisKeyPrefix);
    closers.push(() => kv.close());
    const gateway = await startGateway({
      subgraphs: SUBGRAPH_NAMES.map((name) => ({ name, url: config.subgraphUrls[name] })),
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
    const common = { keyring, events, host: config.host, subgraphSecret: config.auth.subgraphSecret, logger };
    const urls = config.providers.baseUrls;
    const starters: Record<string, () => Promise<{ close(): Promise<void> }>> = {
      commerce: () => startCommerce({
        ...common, databaseUrl: database.url, port: config.ports.commerce, baseUrls: urls, cafe24RedirectUri: config.providers.cafe24RedirectUri,
        syncIntervalMs: config.sync.intervalMs,
      }),
      logistics: () => startLogistics({ ...common, databaseUrl: database.url, port: config.ports.logistics, sweetTrackerBaseUrl: urls.sweettracker, aftershipBaseUrl: urls.aftership, kv,
        webhookRate: config.faults.webhookRate,
      }),
      finance: () => startFinance({ ...common, databaseUrl: database.url, port: config.ports.finance, tossBaseUrl: urls.toss, kv }),
      ai: () => startAi({ ...common, databaseUrl: database.url, port: config.ports.ai, openaiBaseUrl: urls.openai }),
      keys: () => startKeys({ ...common, port: config.ports.keys, probeBaseUrls: urls, cafe24RedirectUri: config.providers.cafe24RedirectUri }),
    };
    const start = component ? starters[component] : undefined;
    if (!start) throw new ConfigError(`usage: serve.ts <${[...Object.keys(starters), 'gateway'].join('|')}>, but got "${component}"`);
    const running = await start();
    closers.unshift(() => running.close());
  }
  logger.info(`${component} started`);
  const stop = async () => {
    for (const close of closers) await close().catch(() => undefined);
    await tracing?.shutdown();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(describeStartupFailure(error, process.env.LOG_LEVEL));
  process.exit(1);
});
