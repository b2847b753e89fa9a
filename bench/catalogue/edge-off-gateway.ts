// opsgraph's standalone gateway exactly as `npm run gateway` starts it on a SUPERGRAPH file, but with the edge off
// (operation limits and cost, scalar checks, persisted and APQ checks, rate limits: startGateway's `edge: false`, a
// benchmark-only switch): the baseline of what the edge costs (bench/federation-speed.ts). Metrics stay on, and auth
// is off in both (GATEWAY_AUTH=off). `SUPERGRAPH=file GATEWAY_PORT=n node -r ./platform/register.js bench/catalogue/edge-off-gateway.ts`
import '../../platform/graphql-mode'; // before anything loads graphql-js, as scripts/serve.ts
import { loadConfig } from '../../platform/config';
import { createLogger } from '../../platform/logger';
import { openKeyValueStore } from '../../platform/kv';
import { gatewayOptionsFrom, startGateway } from '../../gateway/server';
import { SupergraphFile } from '../../gateway/supergraph-file';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.supergraph) throw new Error('SUPERGRAPH must name a supergraph file');
  const logger = createLogger('gateway', config.logLevel, undefined, config.logFormat);
  const kv = await openKeyValueStore(config.pubsub, config.redisKeyPrefix);
  const supergraph = new SupergraphFile({ path: config.supergraph.path, urlOverrides: config.supergraph.urlOverrides, logger });
  const gateway = await startGateway({
    subgraphs: [...supergraph.subgraphs],
    supergraph,
    port: config.ports.gateway,
    ...gatewayOptionsFrom(config, logger),
    persisted: { kv, manifestPath: config.trustedDocumentsPath },
    edge: false,
  });
  logger.info('gateway started (edge off)');
  const stop = async () => {
    await gateway.close();
    await kv.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

void main();
