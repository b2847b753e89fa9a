import type DataLoader from 'dataloader';
import type { SubgraphContext } from '../../platform/subgraph';
import type { Shipment } from './schema/types';

export interface LogisticsContext extends SubgraphContext {
  loaders: { tracking: DataLoader<string, Shipment> };
}
