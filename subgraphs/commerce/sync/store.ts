// Stores synced orders idempotently: one upsert per order keyed by (tenant, marketplace, external id), which
// changes a row only when the marketplace's data changed, so running a sync twice creates and updates nothing.
import type { DataSource } from 'typeorm';
import type { StoredItem, StoredPayment, TrackingRef } from '../entities/order';
import type { StoredClaim } from '../schema/claims';
import { publishOrderChange, type OrderEvents } from '../events';

export interface IncomingOrder {
  externalId: string;
  status: string;
  marketplaceStatus: string;
  orderedAt: Date;
  buyerName: string;
  totalAmount: number;
  currency: string;
  items: StoredItem[];
  trackingRefs: TrackingRef[];
  /** Set for marketplace-paid orders; own-mall (Cafe24) payments are looked up at the PG instead. */
  payment?: StoredPayment | null;
  /** What the marketplace's own actions need later (ids of product orders, boxes, deliveries). */
  marketplaceData?: Record<string, unknown>;
  /** Cancellations, returns and exchanges; a marketplace whose claims are not synced yet leaves this out. */
  claims?: StoredClaim[];
  /** The buyer changed the address after paying. Once seen it stays set: the feed says so only once. */
  receiverAddressChanged?: boolean;
}

export interface UpsertCounts { created: number; updated: number }

/**
 * Each row is written (and committed) before its order.changed event is published: a new order, or any change
 * the marketplace reported. A subscriber that reconnects finds what it missed with `orders(filter: { updatedAfter })`.
 */
export async function upsertOrders(
  { db, events }: { db: DataSource; events: OrderEvents },
  tenantId: string,
  marketplace: string,
  orders: IncomingOrder[],
): Promise<UpsertCounts> {
  const counts: UpsertCounts = { created: 0, updated: 0 };
  for (const order of orders) {
    const rows: Array<{ id: string; inserted: boolean; status: string; previous_status: string | null; claims_changed: boolean }> = await db.query(
      `WITH previous AS (
         SELECT status, claims FROM orders WHERE tenant_id = $1 AND marketplace = $2 AND external_id = $3
       )
       INSERT INTO orders (tenant_id, marketplace, external_id, status, marketplace_status, ordered_at, updated_at,
                           buyer_name, total_amount, currency, items, tracking_refs, payment, marketplace_data,
                           claims, receiver_address_changed)
       VALUES ($1, $2, $3, $4, $5, $6, now(), $7, $8, $9, $10, $11, $12, $13, COALESCE($14::jsonb, '[]'), $15)
       ON CONFLICT (tenant_id, marketplace, external_id) DO UPDATE SET
         status = EXCLUDED.status, marketplace_status = EXCLUDED.marketplace_status, buyer_name = EXCLUDED.buyer_name,
         total_amount = EXCLUDED.total_amount, currency = EXCLUDED.currency, items = EXCLUDED.items,
         tracking_refs = EXCLUDED.tracking_refs, payment = EXCLUDED.payment, marketplace_data = EXCLUDED.marketplace_data,
         claims = COALESCE($14::jsonb, orders.claims),
         receiver_address_changed = orders.receiver_address_changed OR EXCLUDED.receiver_address_changed,
         updated_at = now()
       WHERE (orders.marketplace_status, orders.buyer_name, orders.total_amount, orders.currency, orders.items,
              orders.tracking_refs, orders.payment, orders.marketplace_data, orders.claims, orders.receiver_address_changed)
             IS DISTINCT FROM
             (EXCLUDED.marketplace_status, EXCLUDED.buyer_name, EXCLUDED.total_amount, EXCLUDED.currency, EXCLUDED.items,
              EXCLUDED.tracking_refs, EXCLUDED.payment, EXCLUDED.marketplace_data, COALESCE($14::jsonb, orders.claims),
              orders.receiver_address_changed OR EXCLUDED.receiver_address_changed)
       RETURNING id, (xmax = 0) AS inserted, status, (SELECT status FROM previous) AS previous_status,
                 claims IS DISTINCT FROM (SELECT claims FROM previous) AS claims_changed`,
      [
        tenantId, marketplace, order.externalId, order.status, order.marketplaceStatus, order.orderedAt,
        order.buyerName, order.totalAmount, order.currency, JSON.stringify(order.items), JSON.stringify(order.trackingRefs),
        order.payment ? JSON.stringify(order.payment) : null, JSON.stringify(order.marketplaceData ?? {}),
        order.claims ? JSON.stringify(order.claims) : null, order.receiverAddressChanged ?? false,
      ],
    );
    if (rows.length === 0) continue;
    const [row] = rows;
    if (row.inserted) counts.created += 1;
    else counts.updated += 1;
    // A row comes back only when something changed (new, status, shipments, payment, claims, …): each is an
    // event, so live subscribers see every change a reconnecting client would find with updatedAfter. A changed
    // claim on a known order says so: it is what a seller has to answer.
    const cause = !row.inserted && row.claims_changed ? 'claim' : 'sync';
    await publishOrderChange(events, {
      tenantId, orderId: String(row.id), marketplace, status: row.status, previousStatus: row.inserted ? null : row.previous_status, cause,
    });
  }
  return counts;
}

export async function readSyncedUntil(db: DataSource, tenantId: string, marketplace: string): Promise<Date | null> {
  const rows: Array<{ synced_until: Date }> = await db.query(
    'SELECT synced_until FROM order_sync_state WHERE tenant_id = $1 AND marketplace = $2',
    [tenantId, marketplace],
  );
  return rows[0]?.synced_until ?? null;
}

/** Written only after every page is stored: a sync that fails part-way starts again from the old mark. */
export async function writeSyncedUntil(db: DataSource, tenantId: string, marketplace: string, until: Date): Promise<void> {
  await db.query(
    `INSERT INTO order_sync_state (tenant_id, marketplace, synced_until) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id, marketplace) DO UPDATE SET synced_until = GREATEST(order_sync_state.synced_until, EXCLUDED.synced_until)`,
    [tenantId, marketplace, until],
  );
}
