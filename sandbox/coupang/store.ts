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

export interface CoupangStore {
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
