// `npm start`: the whole stack in one process, seeded with a demo tenant. Ctrl-C stops it cleanly.
import '../platform/graphql-mode'; // before anything loads graphql-js
import { tracing } from '../platform/tracing-init'; // first: instruments http and fetch before they load
import { signUserToken } from '../platform/identity';
import { loadConfig } from '../platform/config';
import { describeStartupFailure, preflight } from '../platform/preflight';
import { startupSteps } from '../platform/steps';
import { seedDemoKeys, graphqlRequest, DEMO_TENANT, DEMO_MARKETPLACES } from './seed';
import { startStack } from './stack';

async function main(): Promise<void> {
  const settings = loadConfig();
  await preflight(settings, ['gateway', 'commerce', 'logistics', 'finance', 'ai', 'keys', ...(settings.providers.mode === 'sandbox' ? ['sandbox' as const] : [])]);
  const stack = await startStack();
  const { config, logger } = stack;
  logger.info(
    config.storage.mode === 'embedded'
      ? `storage: embedded PGlite under ${config.storage.dataDir}/ and in-process pub/sub (set DATABASE_URL and REDIS_URL for production)`
      : 'storage: PostgreSQL at DATABASE_URL',
  );
  if (config.auth.insecureDefaults) logger.warn('JWT_SECRET is not set: using the INSECURE development secret');
  if (config.keyEncryptionKey.insecureDefault) logger.warn('KEY_ENCRYPTION_KEY is not set: using the INSECURE development master key');

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info(`${signal}: stopping`);
    await stack.close();
    await tracing?.shutdown();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const token = await signUserToken({ sub: 'dev-admin', tenant: DEMO_TENANT, roles: ['admin'] }, config.auth.jwtSecret);
  if (stack.sandbox) {
    const step = startupSteps(logger);
    await step('seeding the demo tenant', () => seedDemoKeys(stack, DEMO_TENANT, { everyMarketplace: true }));
    for (const marketplace of DEMO_MARKETPLACES) {
      const sync = await step(`first sync of ${marketplace}`, () => graphqlRequest<{ syncOrders: { created: number } }>(
        stack.gateway.url, token, `mutation { syncOrders(marketplace: ${marketplace}) { marketplace fetched created updated } }`,
      ));
      if (sync.errors) logger.warn({ errors: sync.errors }, `demo ${marketplace} sync failed`);
      else logger.info(`demo tenant synced: ${JSON.stringify(sync.data?.syncOrders)}`);
    }
  }
  const ready = await fetch(new URL('/ready', stack.gateway.url));
  if (ready.status !== 200) throw new Error(`/ready answered ${ready.status}`);
  console.log(`\n  gateway:   ${stack.gateway.url}\n  dev token: ${token}\n`);
  logger.info('opsgraph ready');
}

main().catch((error: unknown) => {
  console.error(describeStartupFailure(error, process.env.LOG_LEVEL));
  process.exit(1);
});
