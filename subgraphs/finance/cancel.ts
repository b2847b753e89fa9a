// cancelPayment: refunds part or all of an own-mall order's payment at its PG (Toss or PortOne), records who did it,
// and never refunds more than is left or the same cancel twice:
// - One cancel in flight per order across replicas: the attempt's row is the lock (a partial unique index on
//   (tenant, order) WHERE status = 'PENDING'); a second cancel of the order waits for the first, then reads what is
//   left. The amount is checked against the provider's own balance, read under that lock.
// - The same cancel retried (same idempotencyKey) answers the first cancel's result; while the first is in flight
//   it waits for it. Toss gets a stable Idempotency-Key derived from it, and PortOne the balance seen before
//   (currentCancellableAmount), so even a retry after a lost answer cannot refund at the provider twice.
import { createHash, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { badUserInput, rateLimited } from '../../platform/errors';
import type { EventBus } from '../../platform/events';
import { ProviderError } from '../../providers/errors';
import { providerFailure } from '../shared/provider-errors';
import type { PaymentCache } from './cache';
import { PaymentCancellationEntity } from './entities/payment-cancellation';
import { publishPaymentChange } from './order-events';
import { findOrder } from './orders';
import type { FoundPayment, OwnMallPayments } from './own-mall';
import type { Payment } from './schema/types';

export interface CancelDeps {
  db: DataSource;
  ownMall: OwnMallPayments;
  cache: PaymentCache;
  events: Pick<EventBus, 'publish'>;
  /** How long a cancel waits for another one of the same order (default 20 s); a pending attempt older than 2 minutes was abandoned. */
  waitMs?: number;
}

export interface CancelArgs { orderId: string; amount: number; reason: string; idempotencyKey?: string | null }

export interface CancelOutcome { record: PaymentCancellationEntity; payment: Payment | null }

const MAX_REASON = 200;
const KEY_FORMAT = /^[\w.:-]{1,100}$/;
const ABANDONED_MS = 120_000;
const POLL_MS = 50;

/** Provider refusals that mean "this cancel cannot be done", said to the caller as BAD_USER_INPUT. */
const REFUSALS = new Set([
  'NOT_CANCELABLE_AMOUNT', 'NOT_CANCELABLE_PAYMENT', 'ALREADY_CANCELED_PAYMENT', 'PAYMENT_ALREADY_CANCELLED',
  'CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT', 'CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN', 'PAYMENT_NOT_PAID', 'MAX_CANCEL_COUNT_REACHED',
]);

function validate(args: CancelArgs): void {
  if (!Number.isSafeInteger(args.amount) || args.amount <= 0) throw badUserInput('amount must be a positive whole number of won', 'amount');
  const reason = args.reason.trim();
  if (reason.length === 0 || reason.length > MAX_REASON) throw badUserInput(`reason must be 1 to ${MAX_REASON} characters`, 'reason');
  if (args.idempotencyKey != null && !KEY_FORMAT.test(args.idempotencyKey)) {
    throw badUserInput('idempotencyKey must be 1 to 100 letters, digits, or . _ : -', 'idempotencyKey');
  }
}

/** Toss's Idempotency-Key for this attempt: per tenant, so two tenants' keys never meet at Toss. */
const providerKey = (tenantId: string, key: string) => createHash('sha256').update(`opsgraph:cancel:${tenantId}:${key}`).digest('hex');

const isUniqueViolation = (error: unknown) => (error as { code?: string; driverError?: { code?: string } })?.driverError?.code === '23505'
  || (error as { code?: string })?.code === '23505';

export async function cancelPayment(deps: CancelDeps, tenantId: string, actor: string, args: CancelArgs): Promise<CancelOutcome> {
  validate(args);
  const order = await findOrder(deps.db, tenantId, args.orderId);
  if (!order) throw badUserInput(`Order "${args.orderId}" does not exist`, 'orderId');
  if (order.marketplace !== 'CAFE24') {
    throw badUserInput(`Order "${args.orderId}" was paid through ${order.marketplace}: it is refunded there, not by opsgraph`, 'orderId');
  }
  const key = args.idempotencyKey ?? randomUUID();
  const repo = deps.db.getRepository(PaymentCancellationEntity);
  const deadline = Date.now() + (deps.waitMs ?? 20_000);
  for (;;) {
    await repo.query(
      `UPDATE payment_cancellations SET status = 'FAILED', failure = 'abandoned while in flight' WHERE tenant_id = $1 AND order_id = $2 AND status = 'PENDING' AND claimed_at < now() - ($3 || ' milliseconds')::interval`,
      [tenantId, order.id, String(ABANDONED_MS)],
    );
    const existing = await repo.findOneBy({ tenantId, idempotencyKey: key });
    if (existing && (existing.orderId !== order.id || existing.amount !== args.amount || existing.reason !== args.reason.trim())) {
      throw badUserInput('This idempotencyKey was used for another cancel: send a new key for a new cancel', 'idempotencyKey');
    }
    if (existing?.status === 'DONE') {
      return { record: existing, payment: (await deps.ownMall.find(tenantId, order.externalId).catch(() => null))?.payment ?? null };
    }
    const claimed = await claim(deps, tenantId, actor, order.id, key, args, existing);
    if (claimed) return run(deps, claimed, order, args);
    if (Date.now() > deadline) throw rateLimited(`Another cancel of order ${order.id}`, 5);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Takes the order's one pending place for this attempt: a new row, or a failed attempt of the same key again. */
async function claim(
  deps: CancelDeps, tenantId: string, actor: string, orderId: string, key: string, args: CancelArgs, existing: PaymentCancellationEntity | null,
): Promise<PaymentCancellationEntity | null> {
  const repo = deps.db.getRepository(PaymentCancellationEntity);
  try {
    if (existing) {
      if (existing.status !== 'FAILED') return null;
      const [, affected]: [unknown, number] = await repo.query(
        `UPDATE payment_cancellations SET status = 'PENDING', claimed_at = now(), failure = NULL, actor = $2 WHERE id = $1 AND status = 'FAILED'`,
        [existing.id, actor],
      );
      return affected === 1 ? { ...existing, status: 'PENDING', actor } : null;
    }
    return await repo.save(repo.create({
      tenantId, orderId, provider: '', paymentRef: '', amount: args.amount, reason: args.reason.trim(), actor,
      idempotencyKey: key, status: 'PENDING', balanceBefore: 0, failure: null, createdAt: new Date(), claimedAt: new Date(), completedAt: null,
    }));
  } catch (error) {
    if (isUniqueViolation(error)) return null; // this key's first attempt, or another cancel of the order, is in flight
    throw error;
  }
}

async function run(
  deps: CancelDeps, record: PaymentCancellationEntity, order: { id: string; tenantId: string; marketplace: string; externalId: string; status: string }, args: CancelArgs,
): Promise<CancelOutcome> {
  const repo = deps.db.getRepository(PaymentCancellationEntity);
  const fail = (failure: string) => repo.update({ id: record.id }, { status: 'FAILED', failure });
  let found: FoundPayment | null;
  try {
    found = await deps.ownMall.find(order.tenantId, order.externalId);
  } catch (error) {
    await fail('payment lookup failed');
    throw providerFailure('the payment provider', error);
  }
  if (!found) {
    await fail('no payment');
    throw badUserInput(`Order "${order.id}" has no payment to cancel`, 'orderId');
  }
  // A retried attempt keeps the balance its first try saw: PortOne then refuses if that try did go through.
  const balanceBefore = record.balanceBefore > 0 ? record.balanceBefore : found.balance;
  if (args.amount > found.balance) {
    await fail(`exceeds the ${found.balance} won left`);
    throw badUserInput(`Only ${found.balance} won of this payment is left to cancel, less than ${args.amount}`, 'amount');
  }
  await repo.update({ id: record.id }, { provider: found.provider, paymentRef: found.ref, balanceBefore });
  let payment: Payment;
  try {
    payment = await deps.ownMall.cancel(order.tenantId, found, {
      amount: args.amount, reason: record.reason, idempotencyKey: providerKey(order.tenantId, record.idempotencyKey), balanceBefore,
    });
  } catch (error) {
    const code = error instanceof ProviderError ? error.providerCode : undefined;
    await fail(code ?? (error instanceof ProviderError ? error.kind : 'failed'));
    if (code && REFUSALS.has(code)) throw badUserInput(`${found.provider === 'TOSS' ? 'Toss Payments' : 'PortOne'} refused the cancel (${code})`, 'amount');
    throw providerFailure(found.provider === 'TOSS' ? 'Toss Payments' : 'PortOne', error);
  }
  const completedAt = new Date();
  await repo.update({ id: record.id }, { status: 'DONE', completedAt });
  await deps.cache.set(order.tenantId, order.externalId, payment);
  await publishPaymentChange(deps.events, order);
  return {
    record: { ...record, provider: found.provider, paymentRef: found.ref, balanceBefore, status: 'DONE', completedAt },
    payment,
  };
}
