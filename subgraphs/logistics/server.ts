// logistics: shipments, tracking, carrier codes. Extends Order with `shipments`; receives AfterShip webhooks.
import type { DataSource } from 'typeorm';
import { openDatabase } from '../../platform/db';
import { buildFederatedSchema, startSubgraphServer, type CommonSubgraphOptions, type RunningSubgraph } from '../../platform/subgraph';
import type { Keyring } from '../../keyring/keyring';
import type { KeyValueStore } from '../../platform/kv';
import type { Config } from '../../platform/config';
import { OrderShipmentsResolver, TrackingResolver } from './schema/resolvers';
import { OrderShipments } from './schema/types';
import { createLoaders } from './loaders';
import type { LogisticsContext } from './context';
import { TrackingCache } from './cache';
import { AfterShipStore } from './aftership-store';
import { AfterShipTrackingEntity } from './entities/aftership-tracking';
import { AfterShipWebhookEventEntity } from './entities/aftership-webhook-event';
import { AfterShipTrackings1732700000300 } from './migrations/1732700000300-AfterShipTrackings';
import { WebhookEventsPerTenant1733000000300 } from './migrations/1733000000300-WebhookEventsPerTenant';
import { AFTERSHIP_WEBHOOK_PATH, afterShipWebhookRoute } from './webhooks';
import '../../platform/graphql/enums';

export function buildLogisticsSchema() {
  return buildFederatedSchema(
    { resolvers: [OrderShipmentsResolver, TrackingResolver], orphanedTypes: [OrderShipments] },
    { Order: { __resolveReference: (reference: OrderShipments) => reference } },
  );
}

export interface LogisticsOptions extends CommonSubgraphOptions {
  databaseUrl: string;
  keyring: Keyring;
  sweetTrackerBaseUrl: string;
  aftershipBaseUrl: string;
  kv: KeyValueStore;
  trackingCacheTtlScale?: number;
  /** Unauthenticated webhook traffic allowed per source IP and per tenant (see webhooks.ts). */
  webhookRate?: { perSecond: number; burst: number };
}

export async function startLogistics(options: LogisticsOptions): Promise<RunningSubgraph & { db: DataSource }> {
  const db = await openDatabase({
    url: options.databaseUrl,
    name: 'logistics',
    entities: [AfterShipTrackingEntity, AfterShipWebhookEventEntity],
    migrations: [AfterShipTrackings1732700000300, WebhookEventsPerTenant1733000000300],
  });
  const store = new AfterShipStore(db);
  const cache = new TrackingCache(options.kv, options.trackingCacheTtlScale);
  const deps = {
    keyring: options.keyring, sweetTrackerBaseUrl: options.sweetTrackerBaseUrl, aftershipBaseUrl: options.aftershipBaseUrl, store, cache,
  };
  const running = await startSubgraphServer<LogisticsContext>({
    name: 'logistics',
    schema: await buildLogisticsSchema(),
    port: options.port,
    host: options.host,
    subgraphSecret: options.subgraphSecret,
    logger: options.logger,
    createContext: (base) => ({ ...base, loaders: createLoaders(deps, base.identity.tenant) }),
    routes: {
      [AFTERSHIP_WEBHOOK_PATH]: afterShipWebhookRoute({
        keyring: options.keyring, events: options.events, store, cache, logger: options.logger, rate: options.webhookRate,
        subgraphSecret: options.subgraphSecret,
      }),
    },
  }).catch(async (error) => {
    await db.destroy();
    throw error;
  });
  return { ...running, db, close: async () => { await running.close(); await db.destroy(); } };
}

/** Logistics' options from the config: the trackers' base URLs and the tracking-cache scale. */
export function logisticsOptionsFrom(config: Config, deps: Pick<LogisticsOptions, 'keyring' | 'events' | 'logger' | 'databaseUrl' | 'kv'>, port: number): LogisticsOptions {
  return {
    ...deps, port, host: config.host, subgraphSecret: config.auth.subgraphSecret,
    sweetTrackerBaseUrl: config.providers.baseUrls.sweettracker, aftershipBaseUrl: config.providers.baseUrls.aftership,
    trackingCacheTtlScale: config.trackingCacheTtlScale, webhookRate: config.faults.webhookRate,
  };
}
