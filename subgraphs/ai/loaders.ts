// Per-request DataLoaders. Bound: insights for up to 20 orders share one chat completion, so a page of
// n orders costs ceil(n / 20) OpenAI calls and one key lookup.
import DataLoader from 'dataloader';
import { OpenAIProvider } from '../../providers/openai';
import type { Keyring } from '../../keyring/keyring';
import { providerFailure } from '../shared/provider-errors';
import { Sentiment, type OrderForInsight, type OrderInsight } from './schema/types';

export const INSIGHT_BATCH_SIZE = 20;
const INSIGHT_MODEL = 'gpt-4o-mini';

export interface AiDeps { keyring: Keyring; openaiBaseUrl: string }

function describeOrder(order: OrderForInsight): string {
  const items = (order.items ?? []).map((item) => `${item.name} x${item.quantity}`).join(', ');
  return `Order ${order.externalId} by ${order.buyerName}, status ${order.status}, total ${order.total?.amount} ${order.total?.currency}: ${items}`;
}

export function createLoaders(deps: AiDeps, tenantId: string) {
  const insightsOf = (orders: Array<{ orderId: string; description: string }>) =>
    deps.keyring.call<{ apiKey: string }, Awaited<ReturnType<OpenAIProvider['orderInsights']>>>(
      { tenantId, provider: 'OPENAI', operation: 'orderInsights' },
      async (lease) => {
        const result = await new OpenAIProvider({ baseUrl: deps.openaiBaseUrl, apiKey: lease.credentials.apiKey, model: INSIGHT_MODEL }).orderInsights(orders);
        lease.reportUsage({ model: INSIGHT_MODEL, inputTokens: result.usage.promptTokens, outputTokens: result.usage.completionTokens });
        return result;
      },
    );

  return {
    insight: new DataLoader<OrderForInsight, OrderInsight | null, string>(
      async (orders) => {
        try {
          const { insights } = await insightsOf(
            orders.map((order) => ({ orderId: order.id, description: describeOrder(order) })),
          );
          return orders.map((order) => {
            const insight = insights.get(order.id);
            return insight ? { summary: insight.summary, sentiment: insight.sentiment as Sentiment } : null;
          });
        } catch (error) {
          const failure = providerFailure('OpenAI', error);
          return orders.map(() => failure);
        }
      },
      { maxBatchSize: INSIGHT_BATCH_SIZE, cacheKeyFn: (order) => order.id },
    ),
  };
}
