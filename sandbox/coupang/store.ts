// Coupang WING Open API, providers/coupang/README.md (Order sheets): the module's private world. Order sheets live
// here rather than in the shared order list because Coupang numbers, groups and steps them its own way.
import { moduleState } from '../module-state';
import type { SandboxState } from '../state';

export const ORDER_SHEET_STATUSES = ['ACCEPT', 'INSTRUCT', 'DEPARTURE', 'DELIVERING', 'FINAL_DELIVERY', 'NONE_TRACKING'] as const;
export type OrderSheetStatus = (typeof ORDER_SHEET_STATUSES)[number];

export interface CoupangVendorKey {
  vendorId: string;
  accessKey: string;
  secretKey: string;
}

export interface SheetItem {
  vendorItemId: number;
  vendorItemName: string;
  productId: number;
  sellerProductId: number;
  sellerProductName: string;
  sellerProductItemName: string;
  externalVendorSkuCode: string;
  shippingCount: number;
  salesPrice: number; // integer KRW
}

export interface OrderSheet {
  vendorId: string;
  shipmentBoxId: number;
  orderId: number;
  orderedAt: number;
  paidAt: number;
  status: OrderSheetStatus;
  /** Set when Coupang cancelled the box (left unacknowledged too long); it then leaves every listing. */
  canceledAt: number | null;
  updatedAt: number;
  orderer: { name: string; email: string; safeNumber: string };
  receiver: { name: string; safeNumber: string; addr1: string; addr2: string; postCode: string };
  shippingPrice: number;
  parcelPrintMessage: string;
  refer: string;
  items: SheetItem[];
  estimatedShippingDate: string;
  deliveryCompanyCode: string | null;
  invoiceNumber: string | null;
  invoiceUploadedAt: number | null;
  inTransitAt: number | null;
  deliveredAt: number | null;
}

/** 반품/취소 접수 (returnRequests), providers/coupang/README.md (Claims). */
export type ReceiptStatus = 'RELEASE_STOP_UNCHECKED' | 'RETURNS_UNCHECKED' | 'VENDOR_WAREHOUSE_CONFIRM' | 'REQUEST_COUPANG_CHECK' | 'RETURNS_COMPLETED';

export interface Receipt {
  vendorId: string;
  receiptId: number;
  orderId: number;
  receiptType: 'RETURN' | 'CANCEL';
  receiptStatus: ReceiptStatus;
  createdAt: number;
  modifiedAt: number;
  requesterName: string;
  reasonCategory1: string;
  reasonCategory2: string;
  reason: string;
  releaseStopStatus: string;
  faultByType: string;
  items: Array<{ shipmentBoxId: number; vendorItemId: number; vendorItemName: string; sellerProductId: number; sellerProductName: string; purchaseCount: number; cancelCount: number }>;
}

/** 교환요청 (exchangeRequests). */
export type ExchangeStatus = 'RECEIPT' | 'PROGRESS' | 'SUCCESS' | 'REJECT' | 'CANCEL';

export interface Exchange {
  vendorId: string;
  exchangeId: number;
  orderId: number;
  exchangeStatus: ExchangeStatus;
  orderDeliveryStatusCode: string;
  reasonCode: string;
  reasonCodeText: string;
  reason: string;
  createdAt: number;
  modifiedAt: number;
  items: Array<{ shipmentBoxId: number; vendorItemId: number; vendorItemName: string; unitPrice: number; quantity: number }>;
}

export interface CoupangStore {
  receipts: Map<number, Receipt>;
  exchanges: Map<number, Exchange>;
  nextReceiptId: number;
  nextExchangeId: number;
  /** By access key: a key belongs to exactly one vendor. */
  keys: Map<string, CoupangVendorKey>;
  sheets: Map<number, OrderSheet>;
  nextShipmentBoxId: number;
  nextOrderSeq: number;
  /** Call times of the last second and the end of a throttle block, per vendorId. */
  windows: Map<string, { calls: number[]; blockedUntil: number }>;
  transactions: number;
}

export function coupangStore(state: SandboxState): CoupangStore {
  return moduleState(state, 'coupang', () => ({
    keys: new Map(),
    sheets: new Map(),
    receipts: new Map(),
    exchanges: new Map(),
    nextReceiptId: 50_229_001,
    nextExchangeId: 100_000_001,
    nextShipmentBoxId: 640_000_001,
    nextOrderSeq: 1,
    windows: new Map(),
    transactions: 0,
  }));
}

export function registerCoupangKey(state: SandboxState, key: CoupangVendorKey): void {
  // Re-issuing a secret in WING keeps the access key: the new secret replaces the old one.
  coupangStore(state).keys.set(key.accessKey, { ...key });
}
