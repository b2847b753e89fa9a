// A page of a tenant's orders in one statement: the rows past the keyset cursor and the count of the filtered set.
// The query builder's getCount() and getMany() cost two round trips, its alias rewriting, and every column (issue 13).
import type { DataSource } from 'typeorm';
import type { OrderFields } from './mapping';
import { toOrder } from './mapping';
import { encodeCursor, type OrderCursor, type SortDirection } from './pagination';
import type { OrderConnection, OrderFilter } from './types';

export interface OrdersPageQuery {
  tenant: string;
  first: number;
  after: OrderCursor | null;
  filter: OrderFilter | null;
  direction: SortDirection;
}

/** Each filter's condition, in the order the query builder added them; a filter left empty adds none. */
const FILTERS: ReadonlyArray<readonly [keyof OrderFilter, string]> = [
  ['marketplace', 'marketplace ='],
  ['status', 'status ='],
  ['orderedAfter', 'ordered_at >='],
  ['orderedBefore', 'ordered_at <'],
  ['updatedAfter', 'updated_at >'],
  ['externalId', 'external_id ='],
];

/** Only what toOrder() and the cursor read: marketplace_data, the largest column, stays in the table. */
const COLUMNS = `id, marketplace, external_id, status, ordered_at, updated_at, buyer_name, total_amount, currency, items,
  tracking_refs, payment, claims, receiver_address_changed`;

interface OrderRow {
  total_count: number; id: string | null; marketplace: string; external_id: string; status: string; ordered_at: Date;
  updated_at: Date; buyer_name: string; total_amount: string; currency: string; items: OrderFields['items'];
  tracking_refs: OrderFields['trackingRefs']; payment: OrderFields['payment']; claims: OrderFields['claims'];
  receiver_address_changed: boolean;
}

/** The statement and its parameters: the count ignores the cursor, so totalCount is the same on every page. */
export function ordersPageStatement(query: OrdersPageQuery): { sql: string; parameters: unknown[] } {
  const parameters: unknown[] = [query.tenant];
  let filtered = 'tenant_id = $1';
  for (const [field, condition] of FILTERS) {
    const value = query.filter?.[field];
    if (!value) continue;
    parameters.push(value);
    filtered += ` AND ${condition} $${parameters.length}`;
  }
  const { direction } = query;
  let page = filtered;
  if (query.after) {
    parameters.push(query.after.orderedAt, query.after.id);
    // The row comparison is (ordered_at beyond, or equal with id beyond), and walks the orders_page index.
    page += ` AND (ordered_at, id) ${direction === 'ASC' ? '>' : '<'} ($${parameters.length - 1}, $${parameters.length})`;
  }
  parameters.push(query.first + 1);
  // The count is the one row every answer has: an empty page (an empty tenant, a cursor at the end) still carries it.
  const sql = `SELECT c.total_count, p.* FROM (SELECT count(*)::int AS total_count FROM orders WHERE ${filtered}) c
    LEFT JOIN LATERAL (
      SELECT ${COLUMNS} FROM orders WHERE ${page} ORDER BY ordered_at ${direction}, id ${direction} LIMIT $${parameters.length}
    ) p ON true
    ORDER BY p.ordered_at ${direction}, p.id ${direction}`;
  return { sql, parameters };
}

/** The row as the entity reads it: total_amount is numeric, which pg returns as a string. */
function toFields(row: OrderRow & { id: string }): OrderFields {
  return {
    id: row.id, marketplace: row.marketplace, externalId: row.external_id, status: row.status, orderedAt: row.ordered_at,
    updatedAt: row.updated_at, buyerName: row.buyer_name, totalAmount: Number(row.total_amount), currency: row.currency,
    items: row.items, trackingRefs: row.tracking_refs, payment: row.payment, claims: row.claims,
    receiverAddressChanged: row.receiver_address_changed,
  };
}

export async function readOrdersPage(db: DataSource, query: OrdersPageQuery): Promise<OrderConnection> {
  const { sql, parameters } = ordersPageStatement(query);
  const result = await db.query<OrderRow[]>(sql, parameters);
  const rows = result.filter((row): row is OrderRow & { id: string } => row.id !== null).map(toFields);
  const edges = rows.slice(0, query.first).map((row) => ({ cursor: encodeCursor(row, query.direction), node: toOrder(row) }));
  return {
    totalCount: result[0].total_count,
    edges,
    pageInfo: { hasNextPage: rows.length > query.first, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
