// Reconciliation's outbox (README "Bank transfers and reconciliation"): commerce owns the orders, so a match is
// recorded here first (bank_deposit_matches, order_paid_at NULL) and commerce is then asked, signed, to mark the order
// paid (POST /internal/orders/paid, platform/internal-orders.ts). A match whose order commerce has not confirmed is
// asked again: at once, on the tenant's next reconciliation, and on a timer, until commerce answers. Commerce changes
// the order once however often it is asked, so replicas retrying the same row at once are harmless.
import type { DataSource } from 'typeorm';
import type { Logger } from '../../../platform/logger';
import { IDENTITY_HEADER, signSubgraphIdentity } from '../../../platform/identity';
import { ORDER_PAID_AUDIENCE, ORDER_PAID_CALLER, ORDER_PAID_PATH, orderPaidResponse, type OrderPaidRequest } from '../../../platform/internal-orders';

const CALL_TIMEOUT_MS = 5_000;
const BATCH = 100;

export interface CommerceLink {
  /** Commerce's URL (its /graphql or any path: only the origin is used). */
  commerceUrl: string;
  subgraphSecret: string;
}

export interface OutboxDeps extends CommerceLink {
  db: DataSource;
  logger: Logger;
}

export interface PendingMatch { tenantId: string; transactionId: string; orderId: string }

/** `paid`: commerce holds the order PAID; `not-pending`: it will never be (the match is undone); `unconfirmed`: ask again. */
export type Delivery = 'paid' | 'not-pending' | 'unconfirmed';

async function askCommerce(link: CommerceLink, match: PendingMatch) {
  const request: OrderPaidRequest = { tenantId: match.tenantId, orderId: match.orderId, cause: 'payment' };
  const body = JSON.stringify(request);
  const identity = { sub: ORDER_PAID_CALLER, tenant: match.tenantId, roles: ['operator' as const] };
  const response = await fetch(new URL(ORDER_PAID_PATH, link.commerceUrl), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [IDENTITY_HEADER]: signSubgraphIdentity(identity, link.subgraphSecret, { audience: ORDER_PAID_AUDIENCE, body, ttlMs: CALL_TIMEOUT_MS }),
    },
    body,
    signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`commerce answered ${response.status}`);
  return orderPaidResponse.parse(await response.json());
}

/** Asks commerce once for this match and records its answer; a failure leaves the row for the next attempt. */
export async function deliverPaid(deps: OutboxDeps, match: PendingMatch): Promise<Delivery> {
  let answer;
  try {
    answer = await askCommerce(deps, match);
  } catch (error) {
    deps.logger.warn({ err: error, tenantId: match.tenantId, orderId: match.orderId }, 'commerce did not confirm a paid order; it will be asked again');
    return 'unconfirmed';
  }
  if (answer.status === 'PAID') {
    await deps.db.query(
      'UPDATE bank_deposit_matches SET order_paid_at = now() WHERE tenant_id = $1 AND transaction_id = $2 AND order_paid_at IS NULL',
      [match.tenantId, match.transactionId],
    );
    return 'paid';
  }
  // Cancelled, or gone, before its money arrived: the deposit goes back to the unmatched ones for a person.
  await deps.db.query(
    'DELETE FROM bank_deposit_matches WHERE tenant_id = $1 AND transaction_id = $2 AND order_paid_at IS NULL',
    [match.tenantId, match.transactionId],
  );
  return 'not-pending';
}

/** Asks again for the matches commerce has not confirmed (one tenant's, or everyone's); stops at the first failure. */
export async function deliverPending(deps: OutboxDeps, tenantId?: string): Promise<void> {
  const rows: Array<{ tenant_id: string; transaction_id: string; order_id: string }> = await deps.db.query(
    `SELECT tenant_id, transaction_id, order_id FROM bank_deposit_matches
      WHERE order_paid_at IS NULL AND ($1::text IS NULL OR tenant_id = $1) ORDER BY matched_at LIMIT ${BATCH}`,
    [tenantId ?? null],
  );
  for (const row of rows) {
    const delivery = await deliverPaid(deps, { tenantId: row.tenant_id, transactionId: row.transaction_id, orderId: String(row.order_id) });
    if (delivery === 'unconfirmed') return; // commerce is away: the rest waits for the next pass
  }
}

/** Runs deliverPending every `intervalMs` (0: never), one pass at a time; `stop` waits for the pass under way. */
export function startPaidOutbox(deps: OutboxDeps, intervalMs: number): { stop(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const schedule = () => {
    if (stopped || intervalMs <= 0) return;
    timer = setTimeout(() => {
      running = deliverPending(deps)
        .catch((error: unknown) => deps.logger.error({ err: error }, 'retrying paid orders failed'))
        .finally(schedule);
    }, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
