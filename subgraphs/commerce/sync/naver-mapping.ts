// How Naver Commerce API order data maps onto opsgraph's one Order model (providers/naver/README.md, Order detail).
// Naver's unit is the product order; one Order is one Naver order (orderId) built from all its product orders.
import type { NaverProductOrderDetail, NaverProductOrderStatus } from '../../../providers/naver';
import { carrierFromCode } from '../../../platform/carriers';
import { OrderStatus } from '../../../platform/graphql/enums';
import type { StoredItem, StoredPayment, TrackingRef } from '../entities/order';
import type { IncomingOrder } from './store';
import { claimOrderStatus, naverClaim } from './naver-claims';

/**
 * Naver productOrderStatus → OrderStatus, every status providers/naver/README.md documents:
 *
 * | productOrderStatus       | OrderStatus                                      |
 * |--------------------------|--------------------------------------------------|
 * | PAYMENT_WAITING          | PENDING_PAYMENT (결제 대기, e.g. 무통장입금)       |
 * | PAYED                    | PAID, or PREPARING once placeOrderStatus is OK (발주확인) |
 * | DELIVERING               | SHIPPING                                         |
 * | DELIVERED                | DELIVERED                                        |
 * | PURCHASE_DECIDED         | PURCHASE_CONFIRMED (구매확정)                     |
 * | EXCHANGED                | EXCHANGED                                        |
 * | CANCELED                 | CANCELLED                                        |
 * | RETURNED                 | RETURNED                                         |
 * | CANCELED_BY_NOPAYMENT    | CANCELLED (never paid: 미입금 취소)               |
 *
 * An open claim on a line still open overrides this: CANCEL_REQUESTED, RETURN_REQUESTED or EXCHANGE_REQUESTED
 * (sync/naver-claims.ts).
 */
const NAVER_STATUS: Record<NaverProductOrderStatus, OrderStatus> = {
  PAYMENT_WAITING: OrderStatus.PENDING_PAYMENT,
  PAYED: OrderStatus.PAID,
  DELIVERING: OrderStatus.SHIPPING,
  DELIVERED: OrderStatus.DELIVERED,
  PURCHASE_DECIDED: OrderStatus.PURCHASE_CONFIRMED,
  EXCHANGED: OrderStatus.EXCHANGED,
  CANCELED: OrderStatus.CANCELLED,
  RETURNED: OrderStatus.RETURNED,
  CANCELED_BY_NOPAYMENT: OrderStatus.CANCELLED,
};

/** One product order's status; a status Naver adds later reads as paid rather than failing the sync. */
export function naverStatus(status: string, placeOrderStatus?: string | null): OrderStatus {
  const mapped = NAVER_STATUS[status as NaverProductOrderStatus] ?? OrderStatus.PAID;
  // 발주확인 keeps the product order PAYED at Naver; only placeOrderStatus tells that the seller accepted it.
  return mapped === OrderStatus.PAID && placeOrderStatus === 'OK' ? OrderStatus.PREPARING : mapped;
}

/** Product-order statuses that close a line: nothing is shipped for it, and Naver refuses actions on it. */
const CLOSED = new Set<string>(['CANCELED', 'RETURNED', 'CANCELED_BY_NOPAYMENT']);
/** Unpaid product orders: Naver Pay took nothing yet (or never will). */
const UNPAID = new Set<string>(['PAYMENT_WAITING', 'CANCELED_BY_NOPAYMENT']);
/** The normal flow, earliest first: an order is only as far along as its least advanced open line. */
const FLOW: OrderStatus[] = [
  OrderStatus.PENDING_PAYMENT, OrderStatus.PAID, OrderStatus.PREPARING, OrderStatus.SHIPPING,
  OrderStatus.DELIVERED, OrderStatus.EXCHANGED, OrderStatus.PURCHASE_CONFIRMED,
];

/** What the adapter's actions need later: every product order id, and each line's state at the last sync. */
export interface NaverMarketplaceData {
  productOrderIds: string[];
  productOrders: Array<{ productOrderId: string; productOrderStatus: string; placeOrderStatus: string | null }>;
}

export function naverMarketplaceData(data: Record<string, unknown>): NaverMarketplaceData {
  const ids = Array.isArray(data.productOrderIds) ? data.productOrderIds.filter((id): id is string => typeof id === 'string') : [];
  const lines = Array.isArray(data.productOrders) ? (data.productOrders as NaverMarketplaceData['productOrders']) : [];
  return { productOrderIds: ids, productOrders: lines };
}

/** Lines worth sending to 발주확인/발송처리: the open ones, or all of them when none is open (Naver then says why). */
export function actionableProductOrderIds(data: Record<string, unknown>): string[] {
  const { productOrderIds, productOrders } = naverMarketplaceData(data);
  const closed = new Set(productOrders.filter((line) => CLOSED.has(line.productOrderStatus)).map((line) => line.productOrderId));
  const open = productOrderIds.filter((id) => !closed.has(id));
  return open.length ? open : productOrderIds;
}

/** The line that speaks for the order: the least advanced open one, else a returned one, else any. */
function representative(lines: NaverProductOrderDetail[]): NaverProductOrderDetail {
  const open = lines.filter((line) => !CLOSED.has(line.productOrder.productOrderStatus));
  if (open.length) {
    const rank = (line: NaverProductOrderDetail) => {
      const at = FLOW.indexOf(naverStatus(line.productOrder.productOrderStatus, line.productOrder.placeOrderStatus));
      return at < 0 ? FLOW.length : at;
    };
    return open.reduce((best, line) => (rank(line) < rank(best) ? line : best));
  }
  return lines.find((line) => line.productOrder.productOrderStatus === 'RETURNED') ?? lines[0];
}

export function naverItems(lines: NaverProductOrderDetail[]): StoredItem[] {
  return lines.map(({ productOrder: po }) => ({
    // The option code tells options of one product apart; products without options have none.
    sku: po.optionCode || po.productId,
    name: po.productOption ? `${po.productName} (${po.productOption})` : po.productName,
    // quantity is what was ordered; with claims, remainQuantity is what the buyer keeps (0 once all cancelled).
    quantity: Number(po.remainQuantity ?? po.quantity),
    unitPrice: Number(po.unitPrice),
  }));
}

/** What the seller gets for a line: the remaining payment once claims took part of it, else the payment. */
export function naverLineAmount(line: NaverProductOrderDetail): number {
  const po = line.productOrder;
  return Number(po.remainPaymentAmount ?? po.totalPaymentAmount);
}

export function naverTrackingRefs(lines: NaverProductOrderDetail[]): TrackingRef[] {
  const refs = new Map<string, TrackingRef>();
  for (const { delivery } of lines) {
    // Naver flags an invoice number the carrier does not know; tracking it would only ever fail.
    if (!delivery?.trackingNumber || delivery.isWrongTrackingNumber) continue;
    const carrier = carrierFromCode('naver', delivery.deliveryCompany);
    if (carrier) refs.set(`${carrier}:${delivery.trackingNumber}`, { carrier, trackingNumber: delivery.trackingNumber });
  }
  return [...refs.values()];
}

/**
 * Naver Pay took the payment. Each line's totalPaymentAmount is what was paid for it, whatever the means:
 * the order's generalPaymentAmount is 0 when points paid, so it cannot be the total.
 */
export function naverPayment(lines: NaverProductOrderDetail[]): StoredPayment | null {
  const { order } = lines[0];
  const paid = lines.filter((line) => !UNPAID.has(line.productOrder.productOrderStatus));
  if (!order.paymentDate || paid.length === 0) return null;
  const cancelled = paid.filter((line) => CLOSED.has(line.productOrder.productOrderStatus)).length;
  const status = cancelled === 0 ? 'PAID' : cancelled === paid.length ? 'CANCELLED' : 'PARTIALLY_CANCELLED';
  return {
    status,
    amount: paid.reduce((sum, line) => sum + Number(line.productOrder.totalPaymentAmount), 0),
    currency: 'KRW',
    paidAt: new Date(order.paymentDate).toISOString(),
    method: order.paymentMeans || null,
  };
}

/**
 * One order from the details of all its product orders (all of one orderId, at least one). `addressChanged`:
 * product order ids the change feed flagged with receiverAddressChanged (the detail has no such flag).
 */
export function naverOrder(details: NaverProductOrderDetail[], addressChanged: ReadonlySet<string> = new Set()): IncomingOrder {
  // Sorted, so the stored items and ids come out the same on every sync and the upsert sees no change.
  const lines = [...details].sort((a, b) => a.productOrder.productOrderId.localeCompare(b.productOrder.productOrderId));
  const { order } = lines[0];
  const speaker = representative(lines).productOrder;
  const data: NaverMarketplaceData = {
    productOrderIds: lines.map((line) => line.productOrder.productOrderId),
    productOrders: lines.map(({ productOrder: po }) => ({
      productOrderId: po.productOrderId, productOrderStatus: po.productOrderStatus, placeOrderStatus: po.placeOrderStatus ?? null,
    })),
  };
  const claims = lines.flatMap((line) => naverClaim(line) ?? []);
  // A claim still open on a line that is not closed yet is what the seller must answer first.
  const openLines = new Set(lines.filter((line) => !CLOSED.has(line.productOrder.productOrderStatus)).map((line) => line.productOrder.productOrderId));
  const claimStatus = claimOrderStatus(claims.filter((claim) => openLines.has(claim.externalLineId)));
  return {
    externalId: order.orderId,
    status: claimStatus ?? naverStatus(speaker.productOrderStatus, speaker.placeOrderStatus),
    marketplaceStatus: speaker.productOrderStatus,
    orderedAt: new Date(order.orderDate),
    buyerName: order.ordererName ?? '',
    totalAmount: lines.reduce((sum, line) => sum + naverLineAmount(line), 0),
    currency: 'KRW',
    items: naverItems(lines),
    trackingRefs: naverTrackingRefs(lines),
    payment: naverPayment(lines),
    marketplaceData: { ...data },
    claims,
    receiverAddressChanged: lines.some((line) => addressChanged.has(line.productOrder.productOrderId)),
  };
}

/** Details grouped into orders, one IncomingOrder per orderId. */
export function naverOrders(details: NaverProductOrderDetail[], addressChanged: ReadonlySet<string> = new Set()): IncomingOrder[] {
  const byOrder = new Map<string, NaverProductOrderDetail[]>();
  for (const detail of details) byOrder.set(detail.order.orderId, [...(byOrder.get(detail.order.orderId) ?? []), detail]);
  return [...byOrder.values()].map((lines) => naverOrder(lines, addressChanged));
}
