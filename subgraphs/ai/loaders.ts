// Per-request DataLoaders. Insights are cached per order version (insights/cache.ts): a batch first reads the
// cache, and only the orders without a cached insight of their current version are asked for, up to 20 per LLM
// call (through llm/router.ts: the tenant's preferred provider, then the other). A page of n uncached orders
// costs ceil(n / 20) calls; a page whose insights are all cached costs none.
import DataLoader from 'dataloader';
import type { OrderInsight as InsightOfProvider } from '../../providers/openai';
import { callLlm, type LlmDeps } from './llm/router';
import { InsightCache, orderVersion } from './insights/cache';
import { Sentiment, type OrderForInsight, type OrderInsight } from './schema/types';

export const INSIGHT_BATCH_SIZE = 20;

export interface AiDeps extends LlmDeps {
  insights: InsightCache;
}

export function describeOrder(order: OrderForInsight): string {
  const items = (order.items ?? []).map((item) => `${item.name} x${item.quantity}`).join(', ');
  return `Order ${order.externalId} by ${order.buyerName}, status ${order.status}, total ${order.total?.amount} ${order.total?.currency}: ${items}`;
}

export function createLoaders(deps: AiDeps, tenantId: string) {
  const insightsOf = (orders: Array<{ orderId: string; description: string }>) =>
    callLlm<Map<string, InsightOfProvider>>(deps, tenantId, 'orderInsights', {
      OPENAI: async (client) => {
        const { insights, usage } = await client.orderInsights(orders);
        return { value: insights, model: client.model, usage };
      },
      ANTHROPIC: async (client) => {
        const { insights, usage, model } = await client.orderInsights(orders);
        return { value: insights, model, usage };
      },
    });

  return {
    insight: new DataLoader<OrderForInsight, OrderInsight | null, string>(
      async (orders) => {
        const asked = orders.map((order) => {
          const description = describeOrder(order);
          return { orderId: order.id, description, version: orderVersion(description) };
        });
        const cached = await deps.insights.get(tenantId, asked);
        const missing = asked.filter((order) => !cached.has(order.orderId));
        let fresh = new Map<string, InsightOfProvider>();
        let failure: Error | null = null;
        if (missing.length) {
          try {
            const answer = await insightsOf(missing.map(({ orderId, description }) => ({ orderId, description })));
            fresh = answer.value;
            await deps.insights.put(tenantId, missing.flatMap((order) => {
              const insight = fresh.get(order.orderId);
              return insight ? [{ orderId: order.orderId, version: order.version, insight: { summary: insight.summary, sentiment: insight.sentiment as Sentiment }, provider: answer.provider, model: answer.model }] : [];
            }));
          } catch (error) {
            failure = error as Error;
          }
        }
        return asked.map((order) => {
          const hit = cached.get(order.orderId);
          if (hit) return hit;
          if (failure) return failure;
          const insight = fresh.get(order.orderId);
          return insight ? { summary: insight.summary, sentiment: insight.sentiment as Sentiment } : null;
        });
      },
      { maxBatchSize: INSIGHT_BATCH_SIZE, cacheKeyFn: (order) => order.id },
    ),
  };
}
