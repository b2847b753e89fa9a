// The Toss Payment object as `GET /v1/payments/...` returns it (providers/toss/README.md "Get"): integer KRW,
// KST timestamps with offset, a card block for card payments and nulls for the other methods.
import type { Payment } from '../state';
import { kstIso } from '../time';
import type { TossCancelRecord } from './cancels';

/** The status after its cancels (README "Cancel"): CANCELED once nothing is left, PARTIAL_CANCELED before. */
export function statusAfter(p: Payment, cancels: readonly TossCancelRecord[]): string {
  const cancelled = cancels.reduce((sum, c) => sum + c.cancelAmount, 0);
  return cancelled === 0 ? p.status : cancelled >= p.totalAmount ? 'CANCELED' : 'PARTIAL_CANCELED';
}

export function presentPayment(p: Payment, cancels: readonly TossCancelRecord[] = []) {
  const suppliedAmount = Math.round(p.totalAmount / 1.1);
  const cancelled = cancels.reduce((sum, c) => sum + c.cancelAmount, 0);
  return {
    mId: 'tvivarepublica',
    version: '2022-11-16',
    lastTransactionKey: cancels.at(-1)?.transactionKey ?? p.lastTransactionKey,
    paymentKey: p.paymentKey,
    orderId: p.orderId,
    orderName: p.orderName,
    taxExemptionAmount: 0,
    status: statusAfter(p, cancels),
    requestedAt: kstIso(p.requestedAt),
    approvedAt: kstIso(p.approvedAt),
    useEscrow: false,
    cultureExpense: false,
    card: {
      issuerCode: '4V',
      acquirerCode: '21',
      number: p.cardNumber,
      installmentPlanMonths: 0,
      isInterestFree: false,
      interestPayer: null,
      approveNo: p.approveNo,
      useCardPoint: false,
      cardType: '신용',
      ownerType: '개인',
      acquireStatus: 'READY',
      amount: p.totalAmount,
    },
    virtualAccount: null,
    transfer: null,
    mobilePhone: null,
    giftCertificate: null,
    cashReceipt: null,
    cashReceipts: null,
    discount: null,
    cancels: cancels.length === 0 ? null : cancels.map((c) => ({
      transactionKey: c.transactionKey,
      cancelReason: c.cancelReason,
      taxExemptionAmount: 0,
      canceledAt: kstIso(c.canceledAt),
      easyPayDiscountAmount: 0,
      receiptKey: null,
      cancelStatus: 'DONE',
      cancelRequestId: null,
      cancelAmount: c.cancelAmount,
      taxFreeAmount: 0,
      refundableAmount: c.refundableAmount,
    })),
    secret: null,
    type: 'NORMAL',
    easyPay: null,
    country: 'KR',
    failure: null,
    isPartialCancelable: true,
    receipt: { url: `https://dashboard.tosspayments.com/receipt/redirection?transactionId=${p.lastTransactionKey}&ref=PX` },
    checkout: { url: `https://api.tosspayments.com/v1/payments/${p.paymentKey}/checkout` },
    currency: 'KRW',
    totalAmount: p.totalAmount,
    balanceAmount: p.totalAmount - cancelled,
    suppliedAmount,
    vat: p.totalAmount - suppliedAmount,
    taxFreeAmount: 0,
    method: '카드',
  };
}
