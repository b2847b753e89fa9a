// The few facts of an order finance needs to act on its payment (which marketplace, the mall's order id, its status),
// read from commerce's `orders` table: every subgraph shares one database (README "Configuration", DATABASE_URL), and a
// mutation or a webhook has no entity representation to @require them from. Read only; commerce owns the rows.
import type { DataSource } from 'typeorm';

export interface OrderRef {
  id: string;
  tenantId: string;
  marketplace: string;
  externalId: string;
  status: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function findOrder(db: DataSource, tenantId: string, orderId: string): Promise<OrderRef | null> {
  if (!UUID.test(orderId)) return null;
  const rows: Array<Record<string, string>> = await db.query(
    'SELECT id, tenant_id, marketplace, external_id, status FROM orders WHERE tenant_id = $1 AND id = $2', [tenantId, orderId],
  );
  return rows[0] ? toRef(rows[0]) : null;
}

export async function findOrderByExternalId(db: DataSource, tenantId: string, marketplace: string, externalId: string): Promise<OrderRef | null> {
  const rows: Array<Record<string, string>> = await db.query(
    'SELECT id, tenant_id, marketplace, external_id, status FROM orders WHERE tenant_id = $1 AND marketplace = $2 AND external_id = $3',
    [tenantId, marketplace, externalId],
  );
  return rows[0] ? toRef(rows[0]) : null;
}

const toRef = (row: Record<string, string>): OrderRef => ({
  id: String(row.id), tenantId: row.tenant_id, marketplace: row.marketplace, externalId: row.external_id, status: row.status,
});
