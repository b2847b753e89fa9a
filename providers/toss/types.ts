// Toss Payments Payment object, following providers/toss/README.md (Toss Payments core API v1).
// Money is integer KRW; instants are ISO 8601 with +09:00.

export type TossPaymentStatus =
  | 'READY'
  | 'IN_PROGRESS'
  | 'WAITING_FOR_DEPOSIT'
  | 'DONE'
  | 'CANCELED'
  | 'PARTIAL_CANCELED'
  | 'ABORTED'
  | 'EXPIRED';

export interface TossCard {
  issuerCode: string;
  acquirerCode: string | null;
  number: string;
  installmentPlanMonths: number;
  approveNo: string;
  cardType: string;
  ownerType: string;
  [field: string]: unknown;
}

export interface TossCancel {
  cancelAmount: number;
  cancelReason: string;
  canceledAt: string;
  [field: string]: unknown;
}

export interface TossFailure {
  code: string;
  message: string;
}

export interface TossPayment {
  mId: string;
  version: string;
  lastTransactionKey: string | null;
  paymentKey: string;
  orderId: string;
  orderName: string;
  type: 'NORMAL' | 'BILLING' | 'BRANDPAY' | (string & {});
  /** Korean label as sent, e.g. "카드", "가상계좌", "간편결제". */
  method: string | null;
  status: TossPaymentStatus;
  currency: string;
  country: string;
  totalAmount: number;
  balanceAmount: number;
  suppliedAmount: number;
  vat: number;
  taxFreeAmount: number;
  taxExemptionAmount: number;
  requestedAt: string;
  approvedAt: string | null;
  useEscrow: boolean;
  cultureExpense: boolean;
  card: TossCard | null;
  virtualAccount: Record<string, unknown> | null;
  transfer: Record<string, unknown> | null;
  easyPay: Record<string, unknown> | null;
  cancels: TossCancel[] | null;
  failure: TossFailure | null;
  receipt: { url: string } | null;
  checkout: { url: string } | null;
}

/** `{"code":"NOT_FOUND_PAYMENT","message":"..."}` */
export interface TossErrorBody {
  code: string;
  message: string;
}
