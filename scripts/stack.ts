// Starts the whole stack in one process: provider sandbox, database (PostgreSQL or embedded PGlite), key
// resolver, the five subgraphs and the gateway. Used by `npm start`, the tests and the benchmarks.
import type { DataSource } from 'typeorm';
import { loadConfig, type Config } from '../platform/config';
import { startDatabase, type DatabaseServer } from '../platform/db';
import { createLogger, type Logger } from '../platform/logger';
import { openKeyValueStore, type KeyValueStore } from '../platform/kv';
import { openEventBus } from '../platform/events';
import { openCounters } from '../keyring/counters';
import { Keyring } from '../keyring/keyring';
import { startSandbox } from '../sandbox/server';
import { gatewayOptionsFrom, startGateway, type RunningGateway } from '../gateway/server';
import { SUBGRAPH_NAMES } from '../platform/config';
import { startupSteps } from '../platform/steps';
import { startSubgraph, type RunningSubgraphs } from './subgraphs';

export interface Stack {
  config: Config;
  logger: Logger;
  gateway: RunningGateway;
  subgraphs: RunningSubgraphs;
  sandbox: { url: string } | null;
  database: DatabaseServer;
  keyring: Keyring;
  kv: KeyValueStore;
  commerceDb: DataSource;
  close(): Promise<void>;
}

export interface StackOptions {
  env?: Record<string, string | undefined>;
  /** Start the provider sandbox in this process (default: when PROVIDERS is not `live`). */
  sandbox?: boolean;
  /** Use port 0 everywhere (tests and benchmarks). */
  ephemeralPorts?: boolean;
  logger?: Logger;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const env = { ...process.env, ...options.env };
  let logger: Logger | undefined = options.logger;
  const closers: Array<[string, () => Promise<void>]> = [];
  const closeAll = async () => {
    for (const [name, close] of closers.reverse()) {
      await close().catch((error) => logger?.error({ err: error }, `closing ${name} failed`));
      logger?.debug(`closed ${name}`);
    }
  };
  try {
    let config = loadConfig(env);
    logger ??= createLogger('opsgraph', config.logLevel, undefined, config.logFormat);
    const port = (configured: number) => (options.ephemeralPorts ? 0 : configured);
    const step = startupSteps(logger);
    let sandbox: { url: string } | null = null;
    if (options.sandbox ?? config.providers.mode === 'sandbox') {
      const started = await step('sandbox', () => startSandbox({ port: port(config.ports.sandbox), host: config.host }));
      closers.push(['sandbox', () => started.close()]);
      sandbox = started;
      config = loadConfig({ ...env, SANDBOX_URL: started.url });
    }
    const database = await step(config.storage.mode === 'embedded' ? 'storage (embedded PGlite)' : 'storage (PostgreSQL)', () => startDatabase(config));
    closers.push(['database', () => database.close()]);
    const { counters, events, keyring } = await step('key resolver (counters, events, key store migrations)', async () => {
      const counters = await openCounters(config.pubsub, config.redisKeyPrefix, { replicas: config.faults.keyringReplicas, logger });
      const events = await openEventBus(config.pubsub, config.redisKeyPrefix);
      const keyring = await Keyring.open({
        databaseUrl: database.url, masterKey: config.keyEncryptionKey.key, previousMasterKeys: config.keyEncryptionKey.previous, counters, events, prices: config.llmPrices,
        logger,
      });
      return { counters, events, keyring };
    });
    closers.push(['counters', () => counters.close()], ['events', () => events.close()], ['keyring', () => keyring.close()]);
    const kv = await openKeyValueStore(config.pubsub, config.redisKeyPrefix);
    closers.push(['kv', () => kv.close()]);
    const deps = { keyring, events, kv, logger, databaseUrl: database.url };
    const subgraphs = {} as RunningSubgraphs;
    for (const name of SUBGRAPH_NAMES) {
      const running = await step(`subgraph ${name} (migrations, server)`, () => startSubgraph(name, config, deps, port(config.ports[name])));
      Object.assign(subgraphs, { [name]: running });
      // On ephemeral ports a subgraph is found where it started: ai's tools read the ones started before it.
      config = { ...config, subgraphUrls: { ...config.subgraphUrls, [name]: running.url } };
      closers.push([name, () => running.close()]);
    }
    const gateway = await step('gateway (composition, server)', () => startGateway({
      subgraphs: (Object.values(subgraphs) as Array<{ name: string; url: string }>).map(({ name, url }) => ({ name, url })),
      port: port(config.ports.gateway),
      ...gatewayOptionsFrom(config, logger!),
      persisted: { kv, manifestPath: config.trustedDocumentsPath },
    }));
    closers.push(['gateway', () => gateway.close()]);
    return { config, logger, gateway, subgraphs, sandbox, database, keyring, kv, commerceDb: subgraphs.commerce.db, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
