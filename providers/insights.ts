// The order-insights prompt and its JSON schema, shared by the LLM clients: one answers it as structured output, the
// other as the input of a forced tool (see each client's README).
import { ProviderError, type ProviderName } from './errors';

export type Sentiment = 'POSITIVE' | 'NEUTRAL' | 'NEGATIVE';

export interface OrderInsightInput {
  orderId: string;
  description: string;
}

export interface OrderInsight {
  summary: string;
  sentiment: Sentiment;
}

export const ORDER_INSIGHTS_RESPONSE_FORMAT = {
  type: 'json_schema',
  json_schema: {
    name: 'order_insights',
    strict: true,
    schema: {
      type: 'object',
      properties: {
        insights: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              orderId: { type: 'string' },
              summary: { type: 'string' },
              sentiment: { type: 'string', enum: ['POSITIVE', 'NEUTRAL', 'NEGATIVE'] },
            },
            required: ['orderId', 'summary', 'sentiment'],
            additionalProperties: false,
          },
        },
      },
      required: ['insights'],
      additionalProperties: false,
    },
  },
} as const;

export const ORDER_INSIGHTS_SYSTEM_PROMPT =
  'You summarise e-commerce orders for a Korean online seller. For every order in the JSON array the user sends, ' +
  'return one insight with the same orderId: a one-sentence summary in Korean and the customer sentiment ' +
  '(POSITIVE, NEUTRAL or NEGATIVE). Do not invent orders.';

/** The orders travel as a JSON array so that ids cannot be confused with the free text around them. */
export function orderInsightsUserMessage(orders: OrderInsightInput[]): string {
  const payload = orders.map(({ orderId, description }) => ({ orderId, description }));
  return `Orders:\n${JSON.stringify(payload)}`;
}

const SENTIMENTS = new Set<string>(['POSITIVE', 'NEUTRAL', 'NEGATIVE']);

/**
 * Reads the model's JSON into a map by orderId. Ids we did not ask about are dropped; ids the model
 * skipped are simply absent, so the caller can fail those orders alone.
 */
export function parseOrderInsights(content: string | null | undefined, asked: OrderInsightInput[], provider: ProviderName): Map<string, OrderInsight> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content ?? '');
  } catch {
    throw new ProviderError({ provider, kind: 'server', message: 'order insights failed: the model answer is not JSON' });
  }
  return readOrderInsights(parsed, asked, provider);
}

/** The same reading of an answer already parsed (a forced tool's input arrives as an object). */
export function readOrderInsights(parsed: unknown, asked: OrderInsightInput[], provider: ProviderName): Map<string, OrderInsight> {
  const list = (parsed as { insights?: unknown } | null)?.insights;
  if (!Array.isArray(list)) {
    throw new ProviderError({ provider, kind: 'server', message: 'order insights failed: the model answer has no insights array' });
  }
  const wanted = new Set(asked.map((order) => order.orderId));
  const insights = new Map<string, OrderInsight>();
  for (const item of list as Array<Record<string, unknown>>) {
    const { orderId, summary, sentiment } = item ?? {};
    if (typeof orderId !== 'string' || !wanted.has(orderId)) continue;
    if (typeof summary !== 'string' || typeof sentiment !== 'string' || !SENTIMENTS.has(sentiment)) continue;
    insights.set(orderId, { summary, sentiment: sentiment as Sentiment });
  }
  return insights;
}
