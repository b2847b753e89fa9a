import type { DataSource } from 'typeorm';
import type DataLoader from 'dataloader';
import type { Keyring } from '../../keyring/keyring';
import type { SubgraphContext } from '../../platform/subgraph';
import type { OrderEntity } from './entities/order';
import type { SyncResult } from './schema/types';

export type Syncer = (tenantId: string) => Promise<SyncResult>;

export interface CommerceContext extends SubgraphContext {
  db: DataSource;
  keyring: Keyring;
  syncers: Partial<Record<string, Syncer>>;
  loaders: { order: DataLoader<string, OrderEntity | null> };
}
