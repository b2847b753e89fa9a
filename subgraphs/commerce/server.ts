// commerce: orders, products and marketplace sync. Owns the Order entity: other subgraphs ask it to change an order
// (POST /internal/orders/paid, order-paid.ts), they never write its rows.
import type { DataSource } from 'typeorm';
import { openDatabase } from '../../platform/db';
import { buildFederatedSchema, startSubgraphServer, type CommonSubgraphOptions, type RunningSubgraph } from '../../platform/subgraph';
import type { Keyring } from '../../keyring/keyring';
import type { Config } from '../../platform/config';
import { ORDER_PAID_PATH } from '../../platform/internal-orders';
import { OrderEntity, SyncStateEntity } from './entities/order';
import { Orders1732500000100 } from './migrations/1732500000100-Orders';
import { OrderPaymentAndMarketplaceData1732600000100 } from './migrations/1732600000100-OrderPaymentAndMarketplaceData';
import { OrderResolver } from './schema/resolvers';
import { OrderEventsResolver } from './schema/subscriptions';
import { followParcels } from './events';
import { OrderShipmentUpdatedAt1732700000100 } from './migrations/1732700000100-OrderShipmentUpdatedAt';
import { OrderClaims1733000000100 } from './migrations/1733000000100-OrderClaims';
import { ProductResolver } from './products/resolver';
import { toOrder } from './schema/mapping';
import { createLoaders } from './loaders';
import type { MarketplaceDeps } from './marketplaces';
import { createSyncScheduler, type SyncScheduler } from './sync/scheduler';
import type { CommerceContext } from './context';
import { orderPaidRoute } from './order-paid';
import '../../platform/graphql/enums';

export function buildCommerceSchema() {
  return buildFederatedSchema(
    { resolvers: [OrderResolver, OrderEventsResolver, ProductResolver] },
    {
      Order: {
        __resolveReference: async (reference: { id: string }, ctx: CommerceContext) => {
          const row = await ctx.loaders.order.load(reference.id);
          return row ? toOrder(row) : null;
        },
      },
    },
  );
}

export interface CommerceOptions extends CommonSubgraphOptions {
  databaseUrl: string;
  keyring: Keyring;
  baseUrls: MarketplaceDeps['baseUrls'];
  cafe24RedirectUri: string;
  /** The background sync of every tenant's marketplaces (sync/scheduler.ts); 0 turns it off. */
  syncIntervalMs: number;
}

export type RunningCommerce = RunningSubgraph & { db: DataSource; scheduler: SyncScheduler };

export async function startCommerce(options: CommerceOptions): Promise<RunningCommerce> {
  const db = await openDatabase({
    url: options.databaseUrl,
    name: 'commerce',
    entities: [OrderEntity, SyncStateEntity],
    migrations: [Orders1732500000100, OrderPaymentAndMarketplaceData1732600000100, OrderShipmentUpdatedAt1732700000100, OrderClaims1733000000100],
  });
  const marketplaces: MarketplaceDeps = { db, events: options.events, keyring: options.keyring, baseUrls: options.baseUrls, cafe24RedirectUri: options.cafe24RedirectUri };
  const running = await startSubgraphServer<CommerceContext>({
    name: 'commerce',
    schema: await buildCommerceSchema(),
    port: options.port,
    host: options.host,
    subgraphSecret: options.subgraphSecret,
    logger: options.logger,
    createContext: (base) => ({ ...base, db, events: options.events, keyring: options.keyring, marketplaces, loaders: createLoaders(db, base.identity.tenant) }),
    routes: { [ORDER_PAID_PATH]: orderPaidRoute({ db, events: options.events, subgraphSecret: options.subgraphSecret }) },
  });
  const scheduler = createSyncScheduler({ deps: marketplaces, intervalMs: options.syncIntervalMs, logger: options.logger });
  scheduler.start();
  const unfollow = await followParcels(db, options.events, options.logger);
  return {
    ...running,
    db,
    scheduler,
    close: async () => {
      unfollow();
      await scheduler.stop();
      await running.close();
      await db.destroy();
    },
  };
}

/** Commerce's options from the config: every marketplace's base URL (scripts/subgraphs.ts wires all five alike). */
export function commerceOptionsFrom(config: Config, deps: Pick<CommerceOptions, 'keyring' | 'events' | 'logger' | 'databaseUrl'>, port: number): CommerceOptions {
  return {
    ...deps, port, host: config.host, subgraphSecret: config.auth.subgraphSecret,
    baseUrls: config.providers.baseUrls, cafe24RedirectUri: config.providers.cafe24RedirectUri, syncIntervalMs: config.sync.intervalMs,
  };
}
