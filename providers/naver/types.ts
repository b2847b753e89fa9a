// Naver Commerce API wire types, following providers/naver/README.md (Changed orders, Order detail): what the client
// returns. Instants stay the strings Naver sends (`2023-01-16T17:14:51.794+09:00`); amounts are integer KRW.

export type NaverProductOrderStatus =
  | 'PAYMENT_WAITING' | 'PAYED' | 'DELIVERING' | 'DELIVERED' | 'PURCHASE_DECIDED'
  | 'EXCHANGED' | 'CANCELED' | 'RETURNED' | 'CANCELED_BY_NOPAYMENT';

export type NaverLastChangedType =
  | 'PAY_WAITING' | 'PAYED' | 'EXCHANGE_OPTION' | 'DELIVERY_ADDRESS_CHANGED' | 'GIFT_RECEIVED' | 'CLAIM_REJECTED'
  | 'DISPATCHED' | 'CLAIM_REQUESTED' | 'COLLECT_DONE' | 'CLAIM_COMPLETED' | 'PURCHASE_DECIDED'
  | 'HOPE_DELIVERY_INFO_CHANGED' | 'CLAIM_REDELIVERING';

/** 클레임 구분 (claimType.pay-order-seller). */
export type NaverClaimType = 'CANCEL' | 'RETURN' | 'EXCHANGE' | 'PURCHASE_DECISION_HOLDBACK' | 'ADMIN_CANCEL';

/** 클레임 상태 (claimStatus.pay-order-seller): every documented value. */
export const NAVER_CLAIM_STATUSES = [
  'CANCEL_REQUEST', 'CANCELING', 'CANCEL_DONE', 'CANCEL_REJECT', 'RETURN_REQUEST', 'EXCHANGE_REQUEST', 'COLLECTING',
  'COLLECT_DONE', 'EXCHANGE_REDELIVERING', 'RETURN_DONE', 'EXCHANGE_DONE', 'RETURN_REJECT', 'EXCHANGE_REJECT',
  'PURCHASE_DECISION_HOLDBACK', 'PURCHASE_DECISION_REQUEST', 'PURCHASE_DECISION_HOLDBACK_RELEASE', 'ADMIN_CANCELING',
  'ADMIN_CANCEL_DONE', 'ADMIN_CANCEL_REJECT',
] as const;
export type NaverClaimStatus = (typeof NAVER_CLAIM_STATUSES)[number];

/** Naver's carrier codes (CJGLS CJ대한통운, HANJIN, HYUNDAI 롯데택배, KGB 로젠택배, EPOST 우체국택배, …). */
export type NaverDeliveryCompany = 'CJGLS' | 'HANJIN' | 'HYUNDAI' | 'KGB' | 'EPOST' | (string & {});

export interface NaverLastChangedStatus {
  orderId: string;
  productOrderId: string;
  lastChangedType: NaverLastChangedType;
  paymentDate: string | null;
  lastChangedDate: string;
  productOrderStatus: NaverProductOrderStatus;
  claimType: NaverClaimType | null;
  claimStatus: NaverClaimStatus | null;
  receiverAddressChanged: boolean;
  giftReceivingStatus: string | null;
}

export interface NaverMore {
  moreFrom: string;
  moreSequence: string;
}

export interface NaverLastChangedPage {
  count: number;
  lastChangeStatuses: NaverLastChangedStatus[];
  /** Present while more changes remain in the window; absent on the last page. */
  more?: NaverMore;
}

export interface NaverOrder {
  orderId: string;
  orderDate: string;
  ordererId?: string;
  ordererName: string;
  ordererTel?: string;
  ordererNo?: string;
  paymentDate: string | null;
  paymentMeans: string;
  payLocationType?: string;
  generalPaymentAmount: number;
  naverMileagePaymentAmount?: number;
  chargeAmountPaymentAmount?: number;
  orderDiscountAmount?: number;
  [field: string]: unknown;
}

export interface NaverShippingAddress {
  name?: string;
  tel1?: string;
  baseAddress?: string;
  detailedAddress?: string;
  zipCode?: string;
  [field: string]: unknown;
}

export interface NaverProductOrder {
  productOrderId: string;
  productOrderStatus: NaverProductOrderStatus;
  placeOrderStatus?: 'NOT_YET' | 'OK' | 'CANCEL';
  productId: string;
  originalProductId?: string;
  productName: string;
  productOption?: string | null;
  optionCode?: string | null;
  /** Initial quantity; with claims, `remainQuantity` is what is left. */
  quantity: number;
  initialQuantity?: number;
  remainQuantity?: number;
  unitPrice: number;
  /** Initial payment (after discounts); with claims, `remainPaymentAmount` is what the seller keeps. */
  totalPaymentAmount: number;
  initialPaymentAmount?: number;
  remainPaymentAmount?: number;
  totalProductAmount?: number;
  initialProductAmount?: number;
  remainProductAmount?: number;
  expectedSettlementAmount?: number;
  shippingAddress?: NaverShippingAddress;
  shippingDueDate?: string | null;
  expectedDeliveryCompany?: NaverDeliveryCompany | null;
  claimType?: NaverClaimType | null;
  claimStatus?: NaverClaimStatus | null;
  claimId?: string | null;
  [field: string]: unknown;
}

/** The claim parts of a detail (`cancel`, `return`, `exchange`, also under `currentClaim`): the fields opsgraph reads. */
export interface NaverClaimDetail {
  claimId?: string;
  claimStatus?: NaverClaimStatus;
  claimRequestDate?: string;
  cancelReason?: string;
  cancelDetailedReason?: string;
  returnReason?: string;
  returnDetailedReason?: string;
  exchangeReason?: string;
  exchangeDetailedReason?: string;
  [field: string]: unknown;
}

export interface NaverCurrentClaim {
  cancel?: NaverClaimDetail | null;
  return?: NaverClaimDetail | null;
  exchange?: NaverClaimDetail | null;
  [field: string]: unknown;
}

export interface NaverDelivery {
  deliveryCompany: NaverDeliveryCompany | null;
  deliveryMethod: string;
  deliveryStatus?: string;
  trackingNumber: string | null;
  sendDate: string | null;
  pickupDate?: string | null;
  deliveredDate: string | null;
  isWrongTrackingNumber?: boolean;
  [field: string]: unknown;
}

/** One entry of `POST /v1/pay-order/seller/product-orders/query`. */
export interface NaverProductOrderDetail {
  order: NaverOrder;
  productOrder: NaverProductOrder;
  /** Only once the product order was dispatched. */
  delivery?: NaverDelivery;
  /** The most recent claim (Naver's replacement for the top-level `cancel` / `return` / `exchange`). */
  currentClaim?: NaverCurrentClaim | null;
  cancel?: NaverClaimDetail | null;
  return?: NaverClaimDetail | null;
  exchange?: NaverClaimDetail | null;
  [part: string]: unknown;
}

/** A dispatch (발송처리) of one product order. */
export interface NaverDispatchItem {
  productOrderId: string;
  /** Default `DELIVERY` (courier, needs the carrier and the invoice number). */
  deliveryMethod?: string;
  deliveryCompanyCode?: NaverDeliveryCompany;
  trackingNumber?: string;
  /** Default: now. */
  dispatchDate?: Date | string;
}

export interface NaverChangeFailure {
  productOrderId: string;
  code: string;
  message: string;
}

/** Per-product-order outcome of 발송처리 and the claim actions: one failure does not fail the others. */
export interface NaverChangeResult {
  successProductOrderIds: string[];
  failProductOrderInfos: NaverChangeFailure[];
}

/** 발주확인 answers per product order too, with whether the buyer changed the address since paying. */
export interface NaverConfirmResult {
  successProductOrderInfos: Array<{ productOrderId: string; isReceiverAddressChanged: boolean }>;
  failProductOrderInfos: NaverChangeFailure[];
}

/** The gateway's and API servers' error body. */
export interface NaverErrorBody {
  code?: string;
  message?: string;
  timestamp?: string;
  traceId?: string;
  invalidInputs?: Array<{ name?: string; type?: string; message?: string }>;
}
