// How Cafe24 order data maps onto opsgraph's one Order model (providers/cafe24/README.md).
import { OrderStatus } from '../../../platform/graphql/enums';
import { carrierFromName } from '../../../platform/carriers';
import type { StoredItem, TrackingRef } from '../entities/order';

/**
 * Cafe24 order_status codes → OrderStatus. N: normal flow, C: cancellation, R: return, E: exchange.
 * N00 입금전 · N10 상품준비중 · N20 배송준비중 · N21 배송대기 · N22 배송보류 · N30 배송중 · N40 배송완료 · N50 구매확정.
 */
export function cafe24Status(code: string | undefined): OrderStatus {
  if (!code) return OrderStatus.PENDING_PAYMENT;
  if (code.startsWith('C')) return OrderStatus.CANCELLED;
  if (code.startsWith('R')) return OrderStatus.RETURNED;
  if (code.startsWith('E')) return OrderStatus.EXCHANGED;
  const normal: Record<string, OrderStatus> = {
    N00: OrderStatus.PENDING_PAYMENT,
    N10: OrderStatus.PAID,
    N20: OrderStatus.PREPARING,
    N21: OrderStatus.PREPARING,
    N22: OrderStatus.PREPARING,
    N30: OrderStatus.SHIPPING,
    N40: OrderStatus.DELIVERED,
    N50: OrderStatus.PURCHASE_CONFIRMED,
  };
  return normal[code] ?? OrderStatus.PENDING_PAYMENT;
}

export interface Cafe24ItemLike {
  product_code?: string | null;
  product_no?: number | string | null;
  product_name?: string | null;
  quantity?: number | string | null;
  product_price?: string | number | null;
  order_status?: string | null;
  shipping_company_name?: string | null;
  tracking_no?: string | null;
}

export function cafe24Items(items: Cafe24ItemLike[] | undefined): StoredItem[] {
  return (items ?? []).map((item) => ({
    sku: String(item.product_code || item.product_no || ''),
    name: item.product_name ?? '',
    quantity: Number(item.quantity ?? 1),
    unitPrice: Number(item.product_price ?? 0),
  }));
}

export function cafe24TrackingRefs(items: Cafe24ItemLike[] | undefined): TrackingRef[] {
  const refs = new Map<string, TrackingRef>();
  for (const item of items ?? []) {
    const carrier = carrierFromName(item.shipping_company_name);
    if (carrier && item.tracking_no) refs.set(`${carrier}:${item.tracking_no}`, { carrier, trackingNumber: item.tracking_no });
  }
  return [...refs.values()];
}
