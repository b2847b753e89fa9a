// Naver Commerce API wire types, following providers/naver/README.md (Changed orders, Order detail): what the client
// returns. Instants stay the strings Naver sends (`2023-01-16T17:14:51.794+09:00`); amounts are integer KRW.

export type NaverProductOrderStatus =
  | 'PAYMENT_WAITING' | 'PAYED' | 'DELIVERING' | 'DELIVERED' | 'PURCHASE_DECIDED'
  | 'EXCHANGED' | 'CANCELED' | 'RETURNED' | 'CANCELED_BY_NOPAYMENT';

export type NaverLastChangedType =
  | 'PAY_WAITING' | 'PAYED' | 'EXCHANGE_OPTION' | 'DELIVERY_ADDRESS_CHANGED' | 'GIFT_RECEIVED' | 'CLAIM_REJECTED'
  | 'DISPATCHED' | 'CLAIM_REQUESTED' | 'COLLECT_DONE' | 'CLAIM_COMPLETED' | 'PURCHASE_DECIDED'
  | 'HOPE_DELIVERY_INFO_CHANGED' | 'CLAIM_REDELIVERING';

/** Naver's carrier codes (CJGLS CJ대한통운, HANJIN, HYUNDAI 롯데택배, KGB 로젠택배, EPOST 우체국택배, …). */
export type NaverDeliveryCompany = 'CJGLS' | 'HANJIN' | 'HYUNDAI' | 'KGB' | 'EPOST' | (string & {});

export interface NaverLastChangedStatus {
  orderId: string;
  productOrderId: string;
  lastChangedType: NaverLastChangedType;
  paymentDate: string | null;
  lastChangedDate: string;
  productOrderStatus: NaverProductOrderStatus;
  claimType: string | null;
  claimStatus: string | null;
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
  quantity: number;
  unitPrice: number;
  totalPaymentAmount: number;
  expectedSettlementAmount?: number;
  shippingAddress?: NaverShippingAddress;
  shippingDueDate?: string | null;
  expectedDeliveryCompany?: NaverDeliveryCompany | null;
  claimType?: string | null;
  claimStatus?: string | null;
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

/** Per-product-order outcome of 발주확인 and 발송처리: one failure does not fail the others. */
export interface NaverChangeResult {
  successProductOrderIds: string[];
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
