// Coupang WING Open API, providers/coupang/README.md (Order sheets; action bodies UNVERIFIED there): the wire types.

export type CoupangOrderSheetStatus = 'ACCEPT' | 'INSTRUCT' | 'DEPARTURE' | 'DELIVERING' | 'FINAL_DELIVERY' | 'NONE_TRACKING';

export interface CoupangOrderItem {
  vendorItemId: number;
  vendorItemName: string;
  productId?: number;
  sellerProductId?: number;
  sellerProductName?: string;
  sellerProductItemName?: string;
  shippingCount: number;
  salesPrice: number;
  orderPrice: number;
  discountPrice?: number | null;
  externalVendorSkuCode?: string | null;
  cancelCount?: number;
  holdCountForCancel?: number;
  estimatedShippingDate?: string;
  confirmDate?: string | null;
  canceled?: boolean;
}

export interface CoupangOrderSheet {
  shipmentBoxId: number;
  orderId: number;
  /** `yyyy-MM-ddTHH:mm:ss`, Korean time without an offset. */
  orderedAt: string;
  paidAt: string;
  status: CoupangOrderSheetStatus;
  orderer: { name: string; email?: string; safeNumber?: string };
  receiver: { name: string; safeNumber?: string; addr1: string; addr2?: string; postCode?: string };
  shippingPrice: number;
  remotePrice?: number | null;
  remoteArea?: boolean;
  parcelPrintMessage?: string | null;
  splitShipping?: boolean;
  orderItems: CoupangOrderItem[];
  deliveryCompanyName?: string | null;
  invoiceNumber?: string | null;
  /** Coupang's spelling. */
  inTrasitDateTime?: string | null;
  deliveredDate?: string | null;
  refer?: string | null;
}

export interface CoupangOrderSheetQuery {
  /** `yyyy-MM-dd`, or `yyyy-MM-ddTHH:mm` with `searchType: 'timeFrame'`. */
  createdAtFrom: string;
  createdAtTo: string;
  status: CoupangOrderSheetStatus;
  /** A minute window of at most 24 h, answered in one page. */
  searchType?: 'timeFrame';
}

export interface CoupangOrderSheetPage {
  orderSheets: CoupangOrderSheet[];
  /** Empty on the last page. */
  nextToken: string;
}

/** One box's outcome of an acknowledgement or invoice upload: failures are values, not exceptions. */
export interface CoupangBoxResult {
  shipmentBoxId: number;
  succeeded: boolean;
  /** `OK`, or Coupang's reason: `NOT_FOUND_SHIPMENT_BOX`, `INVALID_STATUS`, `ORDER_DELIVERY_CANCELED`… */
  resultCode: string;
  resultMessage: string;
  retryRequired: boolean;
}

export interface CoupangInvoiceInput {
  shipmentBoxId: number;
  orderId: number;
  vendorItemId: number;
  /** Coupang's carrier code: CJGLS, HANJIN, HYUNDAI (롯데), EPOST, KGB (로젠)… */
  deliveryCompanyCode: string;
  invoiceNumber: string;
  splitShipping?: boolean;
  preSplitShipped?: boolean;
  /** `yyyy-MM-dd`, only for split shipping; empty otherwise. */
  estimatedShippingDate?: string;
}

/**
 * 반품/취소 요청 목록 조회 (GET …/returnRequests): the `status` query codes. RU 출고중지요청, UC 반품접수,
 * PR 쿠팡확인요청, CC 반품완료. Left out with `cancelType: 'CANCEL'` (cancellations in 결제완료).
 */
export type CoupangReturnQueryStatus = 'RU' | 'UC' | 'PR' | 'CC';

/** A receipt's receiptStatus, every documented value (반품요청 목록 조회, receiptStatus). */
export type CoupangReceiptStatus =
  | 'RELEASE_STOP_UNCHECKED' | 'RETURNS_UNCHECKED' | 'VENDOR_WAREHOUSE_CONFIRM' | 'REQUEST_COUPANG_CHECK' | 'RETURNS_COMPLETED';

export interface CoupangReturnItem {
  vendorItemPackageId?: number;
  vendorItemPackageName?: string;
  vendorItemId: number;
  vendorItemName?: string;
  purchaseCount: number;
  cancelCount: number;
  shipmentBoxId: number;
  sellerProductId?: number;
  sellerProductName?: string;
}

/** One cancellation or return receipt (취소(반품)접수), as the returnRequests listing answers it. */
export interface CoupangReturnRequest {
  receiptId: number;
  orderId: number;
  paymentId?: number;
  /** RETURN, or CANCEL in a `cancelType=CANCEL` listing. */
  receiptType: string;
  /** A CoupangReceiptStatus, or one Coupang adds later. */
  receiptStatus: string;
  /** `yyyy-MM-ddTHH:mm:ss`, Korean time. */
  createdAt: string;
  modifiedAt?: string;
  requesterName?: string;
  cancelReasonCategory1?: string | null;
  cancelReasonCategory2?: string | null;
  cancelReason?: string | null;
  cancelCountSum: number;
  /** 미처리, 처리(이미출고), 처리(출고중지), 자동처리(이미출고), 비대상. */
  releaseStopStatus?: string | null;
  returnItems: CoupangReturnItem[];
}

export interface CoupangReturnQuery {
  /** `yyyy-MM-dd`, or `yyyy-MM-ddTHH:mm` with `searchType: 'timeFrame'`; at most 31 days. */
  createdAtFrom: string;
  createdAtTo: string;
  status?: CoupangReturnQueryStatus;
  cancelType?: 'CANCEL';
  searchType?: 'timeFrame';
}

/** 교환요청 목록 조회: exchangeStatus, every documented value. */
export type CoupangExchangeStatus = 'RECEIPT' | 'PROGRESS' | 'SUCCESS' | 'REJECT' | 'CANCEL';

export interface CoupangExchangeItem {
  exchangeItemId?: number;
  orderItemId?: number;
  orderItemName?: string;
  targetItemId?: number;
  targetItemName?: string;
  quantity: number;
  originalShipmentBoxId?: number;
}

export interface CoupangExchangeRequest {
  exchangeId: number;
  orderId: number;
  /** A CoupangExchangeStatus, or one Coupang adds later. */
  exchangeStatus: string;
  reason?: string | null;
  reasonCode?: string | null;
  reasonCodeText?: string | null;
  /** `yyyy-MM-ddTHH:mm:ss`, Korean time. */
  createdAt: string;
  modifiedAt?: string;
  exchangeItemDtoV1s: CoupangExchangeItem[];
}

export interface CoupangExchangeQuery {
  /** `yyyy-MM-ddTHH:mm:ss`; at most 7 days. */
  createdAtFrom: string;
  createdAtTo: string;
  status?: CoupangExchangeStatus;
}

export interface CoupangPage<T> { items: T[]; nextToken: string }
