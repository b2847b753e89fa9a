// Toss Payments (providers/toss/README.md) and PortOne V2 (providers/portone/README.md) mapped onto Payment: a Cafe24
// mall takes its payments through them, with the Cafe24 order id as Toss's orderId and PortOne's paymentId.
import type { PortOnePayment } from '../../providers/portone';
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

/** What is left to refund: Toss keeps it as balanceAmount (older API versions: total minus the cancels). */
export function tossBalance(payment: TossPayment): number {
  if (typeof payment.balanceAmount === 'number') return payment.balanceAmount;
  return payment.totalAmount - (payment.cancels ?? []).reduce((sum, c) => sum + c.cancelAmount, 0);
}

const PORTONE_STATUS: Record<string, PaymentStatus> = {
  READY: PaymentStatus.READY,
  PAY_PENDING: PaymentStatus.IN_PROGRESS,
  VIRTUAL_ACCOUNT_ISSUED: PaymentStatus.WAITING_FOR_DEPOSIT,
  PAID: PaymentStatus.PAID,
  PARTIAL_CANCELLED: PaymentStatus.PARTIALLY_CANCELLED,
  CANCELLED: PaymentStatus.CANCELLED,
  FAILED: PaymentStatus.ABORTED,
};

/** PortOne's method union (`type`) in the Korean words Toss uses, so both PGs read alike. */
const PORTONE_METHOD: Record<string, string> = {
  PaymentMethodCard: '카드',
  PaymentMethodEasyPay: '간편결제',
  PaymentMethodTransfer: '계좌이체',
  PaymentMethodVirtualAccount: '가상계좌',
  PaymentMethodMobile: '휴대폰',
  PaymentMethodGiftCertificate: '상품권',
};

export function fromPortOne(payment: PortOnePayment): Payment {
  const paid = payment as PortOnePayment & { amount?: { total: number }; currency?: string; paidAt?: string; method?: { type?: string } };
  return {
    provider: Provider.PORTONE,
    status: PORTONE_STATUS[String(payment.status)] ?? PaymentStatus.IN_PROGRESS,
    amount: { amount: paid.amount?.total ?? 0, currency: paid.currency ?? 'KRW' },
    paidAt: paid.paidAt ? new Date(paid.paidAt) : null,
    method: paid.method?.type ? (PORTONE_METHOD[paid.method.type] ?? paid.method.type) : null,
  };
}

export function portoneBalance(payment: PortOnePayment): number {
  const amount = (payment as { amount?: { total: number; cancelled?: number } }).amount;
  return amount ? amount.total - (amount.cancelled ?? 0) : 0;
}

// Once, not per order: fromMarketplace runs for every marketplace order of every dashboard page.
const PAYMENT_STATUSES = new Set<string>(Object.values(PaymentStatus));

/** A payment the marketplace took, as commerce stored it from the marketplace's order data. */
export function fromMarketplace(marketplace: Marketplace, json: string): Payment | null {
  const stored = JSON.parse(json) as { status: string; amount: number; currency: string; paidAt: string | null; method: string | null };
  const status = PAYMENT_STATUSES.has(stored.status) ? (stored.status as PaymentStatus) : PaymentStatus.PAID;
  return {
    provider: marketplace as unknown as Provider,
    status,
    amount: { amount: stored.amount, currency: stored.currency },
    paidAt: stored.paidAt ? new Date(stored.paidAt) : null,
    method: stored.method,
  };
}
