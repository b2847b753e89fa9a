// Toss Payments (providers/toss/README.md) mapped onto Payment: a Cafe24 mall takes its payments through Toss,
// with the Cafe24 order id as Toss's orderId.
import type { TossPayment } from '../../providers/toss';
import { Provider, type Marketplace } from '../../platform/graphql/enums';
import { PaymentStatus, type Payment } from './schema/types';

const TOSS_STATUS: Record<string, PaymentStatus> = {
  READY: PaymentStatus.READY,
  IN_PROGRESS: PaymentStatus.IN_PROGRESS,
  WAITING_FOR_DEPOSIT: PaymentStatus.WAITING_FOR_DEPOSIT,
  DONE: PaymentStatus.PAID,
  CANCELED: PaymentStatus.CANCELLED,
  PARTIAL_CANCELED: PaymentStatus.PARTIALLY_CANCELLED,
  ABORTED: PaymentStatus.ABORTED,
  EXPIRED: PaymentStatus.EXPIRED,
};

export function fromToss(payment: TossPayment): Payment {
  return {
    provider: Provider.TOSS,
    status: TOSS_STATUS[payment.status] ?? PaymentStatus.IN_PROGRESS,
    amount: { amount: payment.totalAmount, currency: payment.currency ?? 'KRW' },
    paidAt: payment.approvedAt ? new Date(payment.approvedAt) : null,
    method: payment.method ?? null,
  };
}

/** A payment the marketplace took, as commerce stored it from the marketplace's order data. */
export function fromMarketplace(marketplace: Marketplace, json: string): Payment | null {
  const stored = JSON.parse(json) as { status: string; amount: number; currency: string; paidAt: string | null; method: string | null };
  const status = (Object.values(PaymentStatus) as string[]).includes(stored.status) ? (stored.status as PaymentStatus) : PaymentStatus.PAID;
  return {
    provider: marketplace as unknown as Provider,
    status,
    amount: { amount: stored.amount, currency: stored.currency },
    paidAt: stored.paidAt ? new Date(stored.paidAt) : null,
    method: stored.method,
  };
}
