import type { DataSource } from 'typeorm';
import type DataLoader from 'dataloader';
import type { EventBus } from '../../platform/events';
import type { Keyring } from '../../keyring/keyring';
import type { SubgraphContext } from '../../platform/subgraph';
import type { OrderEntity } from './entities/order';
import type { MarketplaceDeps } from './marketplaces';


export interface CommerceContext extends SubgraphContext {
  db: DataSource;
  events: EventBus;
  keyring: Keyring;
  marketplaces: MarketplaceDeps;
  loaders: { order: DataLoader<string, OrderEntity | null> };
}
