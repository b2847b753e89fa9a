// Order insights computed once per order version: the version is a hash of what the model is shown (status,
// buyer, total, items), so an order that changes gets a new insight and an unchanged one is never asked again.
// One row per (tenant, order) holding the latest version's insight; a lookup hits only when the version matches.
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Sentiment } from '../schema/types';

export interface CachedInsight {
  summary: string;
  sentiment: Sentiment;
}

export const orderVersion = (description: string) => createHash('sha256').update(description).digest('hex').slice(0, 32);

export class InsightCache {
  constructor(private readonly db: DataSource) {}

  /** The cached insights of these order versions, by order id. */
  async get(tenantId: string, orders: Array<{ orderId: string; version: string }>): Promise<Map<string, CachedInsight>> {
    if (!orders.length) return new Map();
    const rows: Array<{ order_id: string; summary: string; sentiment: Sentiment }> = await this.db.query(
      `SELECT c.order_id, c.summary, c.sentiment FROM order_insights c
         JOIN unnest($2::text[], $3::text[]) AS wanted (order_id, version) ON wanted.order_id = c.order_id AND wanted.version = c.version
        WHERE c.tenant_id = $1`,
      [tenantId, orders.map((o) => o.orderId), orders.map((o) => o.version)],
    );
    return new Map(rows.map((row) => [row.order_id, { summary: row.summary, sentiment: row.sentiment }]));
  }

  async put(tenantId: string, rows: Array<{ orderId: string; version: string; insight: CachedInsight; provider: string; model: string }>): Promise<void> {
    if (!rows.length) return;
    await this.db.query(
      `INSERT INTO order_insights (tenant_id, order_id, version, summary, sentiment, provider, model)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
       ON CONFLICT (tenant_id, order_id) DO UPDATE SET version = EXCLUDED.version, summary = EXCLUDED.summary,
         sentiment = EXCLUDED.sentiment, provider = EXCLUDED.provider, model = EXCLUDED.model, created_at = now()`,
      [
        tenantId, rows.map((r) => r.orderId), rows.map((r) => r.version), rows.map((r) => r.insight.summary),
        rows.map((r) => r.insight.sentiment), rows.map((r) => r.provider), rows.map((r) => r.model),
      ],
    );
  }
}
