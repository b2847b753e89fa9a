// logistics: shipments, tracking, carrier codes. Extends Order with `shipments`.
import { buildFederatedSchema, startSubgraphServer, type RunningSubgraph } from '../../platform/subgraph';
import type { Keyring } from '../../keyring/keyring';
import type { Logger } from '../../platform/logger';
import { OrderShipmentsResolver, TrackingResolver } from './schema/resolvers';
import { OrderShipments } from './schema/types';
import { createLoaders } from './loaders';
import type { LogisticsContext } from './context';
import { TrackingCache } from './cache';
import type { KeyValueStore } from '../../platform/kv';
import '../../platform/graphql/enums';

export function buildLogisticsSchema() {
  return buildFederatedSchema(
    { resolvers: [OrderShipmentsResolver, TrackingResolver], orphanedTypes: [OrderShipments] },
    { Order: { __resolveReference: (reference: OrderShipments) => reference } },
  );
}

export interface LogisticsOptions {
  keyring: Keyring;
  port: number;
  host?: string;
  subgraphSecret: string;
  logger: Logger;
  sweetTrackerBaseUrl: string;
  kv: KeyValueStore;
}

export async function startLogistics(options: LogisticsOptions): Promise<RunningSubgraph> {
  const deps = { keyring: options.keyring, sweetTrackerBaseUrl: options.sweetTrackerBaseUrl, cache: new TrackingCache(options.kv) };
  return startSubgraphServer<LogisticsContext>({
    name: 'logistics',
    schema: await buildLogisticsSchema(),
    port: options.port,
    host: options.host,
    subgraphSecret: options.subgraphSecret,
    logger: options.logger,
    createContext: (base) => ({ ...base, loaders: createLoaders(deps, base.identity.tenant) }),
  });
}
