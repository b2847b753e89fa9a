// Reconciliation (README "Finance", bank transfers): each deposit is matched to a bank-transfer order waiting for its
// money (status PENDING_PAYMENT) by the exact amount and the depositor's name, normalised, within a window after the
// order. One candidate: matched automatically, and commerce, which owns the order, is asked to mark it PAID and
// publish its order event (paid-outbox.ts). None (a near miss: amount off by any won, another name; or a stranger) or
// several (ambiguous): never matched automatically, listed in unmatchedDeposits for an operator's matchDeposit.
// Idempotent across replicas: the match row's primary key is the transaction id and each order is matched once
// (UNIQUE), only the replica whose INSERT won asks commerce at once, and commerce changes the order once.
import type { DataSource, EntityManager } from 'typeorm';
import { badUserInput } from '../../../platform/errors';
import type { BankTransactionRecord } from './service';
import { deliverPaid, deliverPending, type OutboxDeps } from './paid-outbox';

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

export type ReconcileDeps = OutboxDeps;

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
  // Matches commerce has not confirmed yet (it was away): asked again on every run, besides the timer.
  await deliverPending(deps, tenantId);
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
 * One match, once: the match row (finance's own), then commerce asked to mark the order PAID. `taken` when the
 * deposit or the order is already matched; `not-pending` when commerce says the order no longer waits for its
 * payment (the row is removed again). Commerce unreachable: the match stands and the outbox asks again.
 */
async function applyMatch(deps: ReconcileDeps, deposit: StoredDeposit, orderId: string, by: string): Promise<'matched' | 'taken' | 'not-pending'> {
  const inserted: unknown[] = await deps.db.query<unknown[]>(
    `INSERT INTO bank_deposit_matches (tenant_id, transaction_id, order_id, matched_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING RETURNING order_id`,
    [deposit.tenantId, deposit.transactionId, orderId, by],
  ).catch((error: unknown): unknown[] => {
    // The order matched by another deposit at the same instant (UNIQUE order_id): this deposit stays unmatched.
    if ((error as { code?: string }).code === '23505') return [];
    throw error;
  });
  if (!inserted.length) return 'taken';
  const delivery = await deliverPaid(deps, { tenantId: deposit.tenantId, transactionId: deposit.transactionId, orderId });
  return delivery === 'not-pending' ? 'not-pending' : 'matched';
}

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
  const outcome = await applyMatch(deps, deposit, orderId, actor);
  if (outcome === 'taken') throw badUserInput('the order is already matched to another deposit', 'orderId');
  if (outcome === 'not-pending') throw badUserInput('the order is no longer waiting for a payment', 'orderId');
}
