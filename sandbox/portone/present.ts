// The V2 Payment object as GET /payments/{paymentId} returns it (providers/portone/README.md "Payment"): a union on
// `status` (PAID, PARTIAL_CANCELLED, CANCELLED…), amounts as integers under `amount`, RFC 3339 instants in UTC.
import { SANDBOX_MERCHANT_ID, SANDBOX_STORE_ID, cancelledAmount, type PortOneCancellationRecord, type PortOnePaymentRecord } from './store';

const iso = (ms: number) => new Date(ms).toISOString();

export function presentCancellation(c: PortOneCancellationRecord) {
  return {
    status: 'SUCCEEDED',
    id: c.id,
    pgCancellationId: c.pgCancellationId,
    totalAmount: c.totalAmount,
    taxFreeAmount: 0,
    vatAmount: c.totalAmount - Math.round(c.totalAmount / 1.1),
    easyPayDiscountAmount: 0,
    reason: c.reason,
    cancelledAt: iso(c.cancelledAt),
    requestedAt: iso(c.requestedAt),
    trigger: 'API',
  };
}

export function paymentStatus(p: PortOnePaymentRecord): 'PAID' | 'PARTIAL_CANCELLED' | 'CANCELLED' {
  const cancelled = cancelledAmount(p);
  return cancelled === 0 ? 'PAID' : cancelled >= p.total ? 'CANCELLED' : 'PARTIAL_CANCELLED';
}

export function presentPayment(p: PortOnePaymentRecord) {
  const cancelled = cancelledAmount(p);
  const status = paymentStatus(p);
  const last = p.cancellations.at(-1);
  const vat = p.total - Math.round(p.total / 1.1);
  return {
    status,
    id: p.id,
    transactionId: p.transactionId,
    merchantId: SANDBOX_MERCHANT_ID,
    storeId: SANDBOX_STORE_ID,
    method: {
      type: 'PaymentMethodCard',
      card: { publisher: 'SHINHAN', issuer: 'SHINHAN', brand: 'LOCAL', type: 'CREDIT', ownerType: 'PERSONAL', bin: '45184600', name: '신한카드', number: '45184600****123*' },
      approvalNumber: p.pgTxId.slice(-8),
      installment: { month: 0, isInterestFree: false },
      pointUsed: false,
    },
    channel: { type: 'TEST', id: 'channel-id-sandbox', key: 'channel-key-sandbox', name: '토스페이먼츠 테스트', pgProvider: 'TOSSPAYMENTS', pgMerchantId: 'tosstest' },
    version: 'V2',
    requestedAt: iso(p.requestedAt),
    updatedAt: iso(last?.cancelledAt ?? p.updatedAt),
    statusChangedAt: iso(last?.cancelledAt ?? p.paidAt),
    orderName: p.orderName,
    amount: {
      total: p.total, taxFree: 0, vat, supply: p.total - vat, discount: 0,
      paid: p.total, cancelled, cancelledTaxFree: 0,
    },
    currency: 'KRW',
    customer: { name: p.customerName },
    isCulturalExpense: false,
    paidAt: iso(p.paidAt),
    pgTxId: p.pgTxId,
    receiptUrl: `https://sandbox-receipt.example/portone/${encodeURIComponent(p.id)}`,
    disputes: [],
    ...(status === 'PAID' ? {} : { cancelledAt: iso(last!.cancelledAt) }),
    ...(p.cancellations.length > 0 ? { cancellations: p.cancellations.map(presentCancellation) } : {}),
  };
}
