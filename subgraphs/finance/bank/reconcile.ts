// Reconciliation (README "Finance", bank transfers): each deposit is matched to a bank-transfer order waiting for its
// money (status PENDING_PAYMENT) by the exact amount and the depositor's name, normalised, within a window after the
// order. One candidate: matched automatically, the order marked PAID and published as an order event (cause
// payment). None (a near miss: amount off by any won, another name; or a stranger) or several (ambiguous): never
// matched automatically, listed in unmatchedDeposits for an operator's matchDeposit. Idempotent across replicas: the
// match row's primary key is the transaction id and each order is matched once (UNIQUE), and only the replica whose
// INSERT won changes the order and publishes.
import type { DataSource, EntityManager } from 'typeorm';
import type { EventBus } from '../../../platform/events';
import { badUserInput } from '../../../platform/errors';
import type { BankTransactionRecord } from './service';

/** How long after an order its bank transfer may arrive. */
export const MATCH_WINDOW_DAYS = 7;

/** Spaces, (주)/㈜/주식회사, full-width characters (NFKC) and case do not tell two depositor names apart. */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/\(\s*주\s*\)|주식회사/g, '')
    .replace(/[\s\u3000]+/g, '')
    .toLowerCase();
}

export interface StoredDeposit {
  tenantId: string;
  transactionId: string;
  accountId: string;
  at: Date;
  amount: number;
  depositor: string;
}

export interface Candidate { id: string; buyerName: string; orderedAt: Date }

export interface ReconcileDeps {
  db: DataSource;
  events: Pick<EventBus, 'publish'>;
}

/** The orders a deposit could pay: pending, same amount, normalised same name, ordered at most the window before it. */
export async function candidatesFor(db: DataSource | EntityManager, deposit: StoredDeposit): Promise<Candidate[]> {
  const rows: Array<{ id: string; buyer_name: string; ordered_at: Date }> = await db.query(
    `SELECT id, buyer_name, ordered_at FROM orders
      WHERE tenant_id = $1 AND status = 'PENDING_PAYMENT' AND total_amount = $2
        AND ordered_at <= $3 AND ordered_at >= $3::timestamptz - make_interval(days => $4)
        AND NOT EXISTS (SELECT 1 FROM bank_deposit_matches m WHERE m.tenant_id = orders.tenant_id AND m.order_id = orders.id)`,
    [deposit.tenantId, deposit.amount, deposit.at, MATCH_WINDOW_DAYS],
  );
  const name = normaliseName(deposit.depositor);
  return rows.filter((r) => normaliseName(r.buyer_name) === name).map((r) => ({ id: String(r.id), buyerName: r.buyer_name, orderedAt: r.ordered_at }));
}

/** Stores the deposits seen and matches each unmatched one that has exactly one candidate. */
export async function reconcile(deps: ReconcileDeps, tenantId: string, transactions: BankTransactionRecord[]): Promise<void> {
  const deposits = transactions.filter((t) => t.direction === 'DEPOSIT');
  for (const t of deposits) {
    await deps.db.query(
      `INSERT INTO bank_deposits (tenant_id, transaction_id, account_id, at, amount, depositor) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT DO NOTHING`,
      [tenantId, t.id, t.accountId, t.at, t.amount, t.counterparty],
    );
  }
  for (const deposit of await unmatched(deps.db, tenantId, deposits.map((t) => t.id))) {
    const candidates = await candidatesFor(deps.db, deposit);
    if (candidates.length === 1) await applyMatch(deps, deposit, candidates[0].id, 'auto');
  }
}

export async function unmatched(db: DataSource, tenantId: string, ids?: string[]): Promise<StoredDeposit[]> {
  const rows: Array<{ tenant_id: string; transaction_id: string; account_id: string; at: Date; amount: string; depositor: string }> = await db.query(
    `SELECT d.* FROM bank_deposits d
      WHERE d.tenant_id = $1 AND ($2::text[] IS NULL OR d.transaction_id = ANY($2))
        AND NOT EXISTS (SELECT 1 FROM bank_deposit_matches m WHERE m.tenant_id = d.tenant_id AND m.transaction_id = d.transaction_id)
      ORDER BY d.at, d.transaction_id LIMIT 500`,
    [tenantId, ids ?? null],
  );
  return rows.map((r) => ({ tenantId: r.tenant_id, transactionId: r.transaction_id, accountId: r.account_id, at: r.at, amount: Number(r.amount), depositor: r.depositor }));
}

/** The orders matched to these transactions, by transaction id. */
export async function matchesOf(db: DataSource, tenantId: string, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows: Array<{ transaction_id: string; order_id: string }> = await db.query(
    'SELECT transaction_id, order_id FROM bank_deposit_matches WHERE tenant_id = $1 AND transaction_id = ANY($2)', [tenantId, ids],
  );
  return new Map(rows.map((r) => [r.transaction_id, String(r.order_id)]));
}

/**
 * One match, once: the match row, then the order PENDING_PAYMENT → PAID, in one transaction. False (nothing changed)
 * when the deposit or the order is already matched, or the order no longer waits for its payment.
 */
async function applyMatch(deps: ReconcileDeps, deposit: StoredDeposit, orderId: string, by: string): Promise<boolean> {
  const order = await deps.db.transaction(async (manager) => {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO bank_deposit_matches (tenant_id, transaction_id, order_id, matched_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING order_id`,
      [deposit.tenantId, deposit.transactionId, orderId, by],
    );
    if (!inserted.length) return null;
    const [rows] = await manager.query<[Array<{ id: string; marketplace: string }>, number]>(
      `UPDATE orders SET status = 'PAID', updated_at = now() WHERE tenant_id = $1 AND id = $2 AND status = 'PENDING_PAYMENT' RETURNING id, marketplace`,
      [deposit.tenantId, orderId],
    );
    if (!rows.length) throw new NotPending();
    return rows[0];
  }).catch((error: unknown) => {
    if (error instanceof NotPending) return null;
    // The order matched by another deposit at the same instant (UNIQUE order_id): this deposit stays unmatched.
    if ((error as { code?: string }).code === '23505') return null;
    throw error;
  });
  if (!order) return false;
  await deps.events.publish({
    type: 'order.changed', tenantId: deposit.tenantId, orderId: String(order.id), marketplace: order.marketplace,
    status: 'PAID', previousStatus: 'PENDING_PAYMENT', cause: 'payment', at: new Date().toISOString(),
  });
  return true;
}

class NotPending extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An operator's decision: this deposit paid that order (which must wait for its payment, with the same amount). */
export async function matchDeposit(deps: ReconcileDeps, tenantId: string, actor: string, transactionId: string, orderId: string): Promise<void> {
  const [deposit] = await unmatched(deps.db, tenantId, [transactionId]);
  if (!deposit) {
    const known = (await matchesOf(deps.db, tenantId, [transactionId])).get(transactionId);
    if (known === orderId) return; // the same decision again: nothing more to do
    throw badUserInput(known ? 'this deposit is already matched to another order' : 'no such deposit: list it with unmatchedDeposits', 'transactionId');
  }
  if (!UUID.test(orderId)) throw badUserInput('no such order', 'orderId');
  const rows: Array<{ status: string; total_amount: string }> = await deps.db.query(
    'SELECT status, total_amount FROM orders WHERE tenant_id = $1 AND id = $2', [tenantId, orderId],
  );
  if (!rows.length) throw badUserInput('no such order', 'orderId');
  if (rows[0].status !== 'PENDING_PAYMENT') throw badUserInput(`the order is not waiting for a payment (its status is ${rows[0].status})`, 'orderId');
  if (!(await applyMatch(deps, deposit, orderId, actor))) throw badUserInput('the order is already matched to another deposit', 'orderId');
}
