// How Coupang WING order sheets map onto opsgraph's one Order model (providers/coupang/README.md, Order sheets).
// Coupang lists shipment boxes, not orders: one order (orderId) may span several boxes, so boxes are grouped here.
import type { CoupangOrderItem, CoupangOrderSheet, CoupangOrderSheetStatus } from '../../../providers/coupang';
import { carrierFromCode, carrierFromName } from '../../../platform/carriers';
import { OrderStatus, type Carrier } from '../../../platform/graphql/enums';
import type { StoredItem, StoredPayment, TrackingRef } from '../entities/order';
import type { IncomingOrder } from './store';

/**
 * Coupang box status → OrderStatus, every status the ordersheets API documents:
 *
 * | Coupang          | meaning                                  | OrderStatus |
 * |------------------|------------------------------------------|-------------|
 * | ACCEPT           | 결제완료: paid, waiting for 발주확인      | PAID        |
 * | INSTRUCT         | 상품준비중: acknowledged, being prepared  | PREPARING   |
 * | DEPARTURE        | 배송지시: invoice registered, handed over | SHIPPING    |
 * | DELIVERING       | 배송중                                    | SHIPPING    |
 * | FINAL_DELIVERY   | 배송완료                                  | DELIVERED   |
 * | NONE_TRACKING    | 업체 직접 배송: shipped, not trackable    | SHIPPING    |
 * | (box cancelled)  | every item `canceled`, e.g. not acked    | CANCELLED   |
 *
 * NONE_TRACKING stays SHIPPING: Coupang cannot see the parcel arrive, so nothing here can claim DELIVERED.
 * A cancelled box keeps its last status at Coupang (and leaves the listings); its items say `canceled`.
 */
export const COUPANG_STATUS: Readonly<Record<CoupangOrderSheetStatus, OrderStatus>> = {
  ACCEPT: OrderStatus.PAID,
  INSTRUCT: OrderStatus.PREPARING,
  DEPARTURE: OrderStatus.SHIPPING,
  DELIVERING: OrderStatus.SHIPPING,
  FINAL_DELIVERY: OrderStatus.DELIVERED,
  NONE_TRACKING: OrderStatus.SHIPPING,
};

/** The lifecycle order Coupang walks a box through; listing in this order sees a moving box at least once. */
export const COUPANG_STATUSES: ReadonlyArray<CoupangOrderSheetStatus> = [
  'ACCEPT', 'INSTRUCT', 'DEPARTURE', 'DELIVERING', 'FINAL_DELIVERY', 'NONE_TRACKING',
];

/** The marketplace status kept for a cancelled box (Coupang has no status code of its own for it). */
export const COUPANG_CANCELED = 'CANCELED';

/** How far along a box is; a higher rank wins when one box was listed under two statuses during a sync. */
export function coupangStatusRank(status: CoupangOrderSheetStatus): number {
  return COUPANG_STATUSES.indexOf(status);
}

const itemCanceled = (item: CoupangOrderItem) => item.canceled === true || ((item.cancelCount ?? 0) > 0 && item.shippingCount === 0);

export function isBoxCanceled(sheet: CoupangOrderSheet): boolean {
  return sheet.orderItems.length > 0 && sheet.orderItems.every(itemCanceled);
}

function boxStatus(sheet: CoupangOrderSheet): OrderStatus {
  return isBoxCanceled(sheet) ? OrderStatus.CANCELLED : (COUPANG_STATUS[sheet.status] ?? OrderStatus.PAID);
}

/** An order is as far along as its slowest live box; only when every box is cancelled is the order. */
export function coupangOrderStatus(boxes: ReadonlyArray<CoupangOrderSheet>): OrderStatus {
  const live = boxes.filter((box) => !isBoxCanceled(box));
  if (live.length === 0) return OrderStatus.CANCELLED;
  const slowest = live.reduce((a, b) => (coupangStatusRank(b.status) < coupangStatusRank(a.status) ? b : a));
  return boxStatus(slowest);
}

function marketplaceStatus(boxes: ReadonlyArray<CoupangOrderSheet>): string {
  const each = boxes.map((box) => (isBoxCanceled(box) ? COUPANG_CANCELED : box.status));
  return [...new Set(each)].join(',');
}

/** Coupang writes wall-clock Korean time without an offset (`2017-10-10T10:20:16`). */
export function coupangTime(text: string): Date {
  const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/.test(text);
  return new Date(hasOffset ? text : `${text.replace(' ', 'T')}+09:00`);
}

/** Coupang names the carrier (`CJ 대한통운`) on order sheets; a code is accepted too, should it send one. */
export function coupangCarrier(name: string | null | undefined): Carrier | null {
  return carrierFromCode('coupang', name) ?? carrierFromName(name);
}

/** One line per vendor item: split shipping puts one item into several boxes, each with its share. */
export function coupangItems(boxes: ReadonlyArray<CoupangOrderSheet>): StoredItem[] {
  const byItem = new Map<number, StoredItem>();
  for (const item of boxes.flatMap((box) => box.orderItems)) {
    // A cancelled line reports shippingCount 0 and the rest as cancelCount: the ordered quantity is the sum.
    const quantity = item.shippingCount + (item.cancelCount ?? 0);
    const known = byItem.get(item.vendorItemId);
    if (known) known.quantity += quantity;
    else {
      byItem.set(item.vendorItemId, {
        sku: item.externalVendorSkuCode || String(item.vendorItemId),
        name: item.vendorItemName || item.sellerProductName || '',
        quantity,
        unitPrice: Math.round(item.salesPrice),
      });
    }
  }
  return [...byItem.values()];
}

export function coupangTrackingRefs(boxes: ReadonlyArray<CoupangOrderSheet>): TrackingRef[] {
  const refs = new Map<string, TrackingRef>();
  for (const box of boxes) {
    const carrier = coupangCarrier(box.deliveryCompanyName);
    const trackingNumber = box.invoiceNumber?.trim();
    if (carrier && trackingNumber) refs.set(`${carrier}:${trackingNumber}`, { carrier, trackingNumber });
  }
  return [...refs.values()];
}

/** What the buyer paid Coupang: each line's orderPrice (already net of discounts) plus each box's shipping. */
export function coupangAmount(boxes: ReadonlyArray<CoupangOrderSheet>): number {
  const lines = boxes.flatMap((box) => box.orderItems).reduce((sum, item) => sum + item.orderPrice, 0);
  const shipping = boxes.reduce((sum, box) => sum + (box.shippingPrice ?? 0) + (box.remotePrice ?? 0), 0);
  return Math.round(lines + shipping);
}

/** Coupang took the payment before the box appeared (ACCEPT is 결제완료), so every order sheet is paid. */
export function coupangPayment(boxes: ReadonlyArray<CoupangOrderSheet>): StoredPayment {
  const items = boxes.flatMap((box) => box.orderItems);
  const canceled = items.filter(itemCanceled).length;
  const status = canceled === 0 ? 'PAID' : canceled === items.length ? 'CANCELLED' : 'PARTIALLY_CANCELLED';
  const paidAt = boxes.map((box) => box.paidAt).filter(Boolean).sort()[0];
  return { status, amount: coupangAmount(boxes), currency: 'KRW', paidAt: paidAt ? coupangTime(paidAt).toISOString() : null, method: null };
}

/** What confirm and dispatch send back to Coupang: every box of the order and the items in each. */
export interface CoupangMarketplaceData {
  shipmentBoxIds: number[];
  vendorItemIds: number[];
  boxes: Array<{ shipmentBoxId: number; vendorItemIds: number[] }>;
}

export function coupangMarketplaceData(boxes: ReadonlyArray<CoupangOrderSheet>): CoupangMarketplaceData {
  const perBox = boxes.map((box) => ({ shipmentBoxId: box.shipmentBoxId, vendorItemIds: box.orderItems.map((item) => item.vendorItemId) }));
  return {
    shipmentBoxIds: perBox.map((box) => box.shipmentBoxId),
    vendorItemIds: [...new Set(perBox.flatMap((box) => box.vendorItemIds))],
    boxes: perBox,
  };
}

/** One Order from the boxes of one orderId (boxes sorted by shipmentBoxId, so the result is stable). */
export function coupangOrder(boxes: ReadonlyArray<CoupangOrderSheet>): IncomingOrder {
  if (boxes.length === 0) throw new Error('coupangOrder needs at least one shipment box');
  const sorted = [...boxes].sort((a, b) => a.shipmentBoxId - b.shipmentBoxId);
  const first = sorted[0];
  return {
    externalId: String(first.orderId),
    status: coupangOrderStatus(sorted),
    marketplaceStatus: marketplaceStatus(sorted),
    orderedAt: coupangTime(first.orderedAt),
    buyerName: first.orderer?.name ?? '',
    totalAmount: coupangAmount(sorted),
    currency: 'KRW',
    items: coupangItems(sorted),
    trackingRefs: coupangTrackingRefs(sorted),
    payment: coupangPayment(sorted),
    marketplaceData: { ...coupangMarketplaceData(sorted) },
  };
}

/** Groups boxes by orderId, one Order each. */
export function coupangOrders(boxes: Iterable<CoupangOrderSheet>): IncomingOrder[] {
  const byOrder = new Map<string, CoupangOrderSheet[]>();
  for (const box of boxes) {
    const key = String(box.orderId);
    byOrder.set(key, [...(byOrder.get(key) ?? []), box]);
  }
  return [...byOrder.values()].map(coupangOrder);
}

/** Reads back what `coupangMarketplaceData` stored, or null when the row holds none (never synced from Coupang). */
export function readCoupangData(data: Record<string, unknown> | null | undefined): CoupangMarketplaceData | null {
  const boxes = data?.boxes;
  if (!Array.isArray(boxes) || boxes.length === 0) return null;
  const valid = (boxes as Array<{ shipmentBoxId?: unknown; vendorItemIds?: unknown } | null | undefined>).every(
    (box) => typeof box?.shipmentBoxId === 'number' && Array.isArray(box.vendorItemIds) && box.vendorItemIds.every((id: unknown) => typeof id === 'number'),
  );
  return valid ? (data as unknown as CoupangMarketplaceData) : null;
}
