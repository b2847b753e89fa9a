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
