import type DataLoader from 'dataloader';
import type { SubgraphContext } from '../../platform/subgraph';
import type { OrderForInsight, OrderInsight } from './schema/types';

export interface AiContext extends SubgraphContext {
  loaders: { insight: DataLoader<OrderForInsight, OrderInsight | null, string> };
}
