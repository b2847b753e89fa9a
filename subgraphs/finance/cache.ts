// A shared payment cache (Redis across replicas; in-process in embedded mode). A settled payment rarely
// changes, so it is kept longer than one still in progress; "no payment yet" is kept briefly. Per tenant.
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
  constructor(private readonly store: KeyValueStore) {}

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

  async set(tenantId: string, orderId: string, payment: Payment | null): Promise<void> {
    const ttl = payment ? TTL_MS[payment.status] : UNPAID_TTL_MS;
    await this.store.set(this.key(tenantId, orderId), JSON.stringify(payment), ttl).catch(() => undefined);
  }
}
