// A shared payment cache (Redis across replicas; in-process in embedded mode). A settled payment rarely
// changes, so it is kept longer than one still in progress; "no payment yet" is kept briefly. Per tenant. A miss
// is filled by one Toss call however many requests (on however many replicas) ask at once (platform/cache-fill.ts).
import { CacheFill } from '../../platform/cache-fill';
import type { KeyValueStore } from '../../platform/kv';
import { tenantScope } from '../../platform/scope';
import { PaymentStatus, type Payment } from './schema/types';

const TTL_MS: Record<PaymentStatus, number> = {
  [PaymentStatus.PAID]: 10 * 60_000,
  [PaymentStatus.CANCELLED]: 60 * 60_000,
  [PaymentStatus.PARTIALLY_CANCELLED]: 10 * 60_000,
  [PaymentStatus.ABORTED]: 60 * 60_000,
  [PaymentStatus.EXPIRED]: 60 * 60_000,
  [PaymentStatus.READY]: 30_000,
  [PaymentStatus.IN_PROGRESS]: 30_000,
  [PaymentStatus.WAITING_FOR_DEPOSIT]: 60_000,
};
const UNPAID_TTL_MS = 30_000;

export class PaymentCache {
  constructor(private readonly store: KeyValueStore, private readonly fills = new CacheFill(store)) {}

  private key(tenantId: string, orderId: string): string {
    return `payment:${tenantScope(tenantId)}:${encodeURIComponent(orderId)}`;
  }

  /** undefined: not cached; null: cached as "no payment". */
  async getMany(tenantId: string, orderIds: readonly string[]): Promise<Array<Payment | null | undefined>> {
    const raw = await this.store.getMany(orderIds.map((id) => this.key(tenantId, id))).catch(() => orderIds.map(() => null));
    return raw.map((value) => {
      if (value === null) return undefined;
      const parsed = JSON.parse(value) as Payment | null;
      return parsed && { ...parsed, paidAt: parsed.paidAt ? new Date(parsed.paidAt) : null };
    });
  }

  /** The payment of a missed order: the cache if another caller filled it meanwhile, else `load` (which sets it), once. */
  fill(tenantId: string, orderId: string, load: () => Promise<Payment | null>): Promise<Payment | null> {
    return this.fills.fill(
      { tenantId: tenantScope(tenantId), provider: 'TOSS', resource: orderId },
      async () => (await this.getMany(tenantId, [orderId]))[0],
      load,
    );
  }

  async set(tenantId: string, orderId: string, payment: Payment | null): Promise<void> {
    const ttl = payment ? TTL_MS[payment.status] : UNPAID_TTL_MS;
    await this.store.set(this.key(tenantId, orderId), JSON.stringify(payment), ttl).catch(() => undefined);
  }
}
