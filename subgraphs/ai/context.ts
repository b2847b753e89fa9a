import type DataLoader from 'dataloader';
import type { EventBus } from '../../platform/events';
import type { SubgraphContext } from '../../platform/subgraph';
import type { ChatDeps } from './chat/send';
import type { KnowledgeBase } from './knowledge/knowledge-base';
import type { OrderForInsight, OrderInsight } from './schema/types';

export interface AiContext extends SubgraphContext {
  events: EventBus;
  chat: ChatDeps;
  knowledge: KnowledgeBase;
  loaders: { insight: DataLoader<OrderForInsight, OrderInsight | null, string> };
}
