// The Cafe24 order as the Admin API prints it (providers/cafe24/README.md "Orders"): money as "30000.00" strings,
// KST dates with offset, T/F flags, and the per-item order_status under `embed=items`.
import { orderPaymentAmount } from '../orders';
import { MALL_CARRIERS, type Order, type OrderItem, type SandboxState } from '../state';
import { kstIso } from '../time';
import { claimOf, itemCode } from './claims';

const money = (krw: number) => krw.toFixed(2);
const date = (ms: number | null) => (ms === null ? null : kstIso(ms));

/** Cafe24 order-level shipping_status: F before dispatch, M in transit, T delivered (the items' own N status). */
function shippingStatus(order: Order): 'F' | 'M' | 'T' {
  const status = order.items[0].status;
  return status === 'N40' ? 'T' : status === 'N30' ? 'M' : 'F';
}

export function presentOrder(state: SandboxState, order: Order, embedItems: boolean) {
  const orderPrice = orderPaymentAmount(order) - order.shippingFee;
  const payment = money(orderPaymentAmount(order));
  return {
    shop_no: 1,
    currency: 'KRW',
    order_id: order.orderId,
    market_id: 'self',
    member_id: order.memberId,
    billing_name: order.buyerName,
    payment_method: order.paymentMethod,
    paid: order.paymentDate === null ? 'F' : 'T',
    canceled: 'F',
    order_date: date(order.orderDate),
    payment_date: date(order.paymentDate),
    payment_amount: payment,
    shipping_status: shippingStatus(order),
    order_place_id: 'self',
    initial_order_amount: { order_price_amount: money(orderPrice), shipping_fee: money(order.shippingFee), payment_amount: payment },
    actual_order_amount: { order_price_amount: money(orderPrice), shipping_fee: money(order.shippingFee), payment_amount: payment },
    ...(embedItems ? { items: order.items.map((item) => presentItem(state, order, item)) } : {}),
  };
}

function presentItem(state: SandboxState, order: Order, item: OrderItem) {
  const claim = claimOf(state, order, item);
  const dateIf = (kind: 'C' | 'R' | 'E', at: number | null | undefined) => (claim?.kind === kind ? date(at ?? null) : null);
  return {
    shop_no: 1,
    item_no: item.itemNo,
    order_item_code: itemCode(order.orderId, item.itemNo),
    product_no: item.productNo,
    product_code: item.productCode,
    product_name: item.productName,
    quantity: item.quantity,
    product_price: money(item.price),
    order_status: claim?.status ?? item.status,
    order_status_before_cs: claim?.before ?? null,
    shipping_company_code: item.shippingCompanyCode,
    shipping_company_name: item.shippingCompanyCode ? (MALL_CARRIERS[item.shippingCompanyCode]?.name ?? null) : null,
    tracking_no: item.trackingNo,
    claim_code: claim?.claimCode ?? null,
    claim_reason_type: claim?.reasonType ?? null,
    claim_reason: claim?.reason ?? null,
    claim_quantity: claim?.quantity ?? 0,
    cancel_request_date: dateIf('C', claim?.requestedAt),
    cancel_date: claim?.status === 'C40' ? date(claim.doneAt) : null,
    return_request_date: dateIf('R', claim?.requestedAt),
    exchange_request_date: dateIf('E', claim?.requestedAt),
  };
}
