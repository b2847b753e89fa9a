// Cafe24 carriers and order shipments (providers/cafe24/README.md "Carriers", "Shipments"): the mall's registered
// carriers with their own codes, and POST /orders/{order_id}/shipments, one shipment per call, body wrapped in
// `request`, 201 with `shipment`.
import { json, type Reply, type SandboxRequest } from '../http';
import { MALL_CARRIERS, type SandboxState } from '../state';
import { adminError } from './errors';
import { itemStatus } from './claims';

const invalid = (field: string, rule: string) => adminError(422, `Invalid parameter. (${field}) ${rule}`);
const itemCode = (orderId: string, itemNo: number) => `${orderId}-${String(itemNo).padStart(2, '0')}`;

export function listCarriers(): Reply {
  const carriers = Object.entries(MALL_CARRIERS).map(([code, carrier], i) => ({
    shop_no: 1, carrier_id: i + 1, shipping_carrier_code: code, shipping_carrier: carrier.name, track_shipment_url: null,
    shipping_type: 'A', default_shipping_carrier: i === 0 ? 'T' : 'F',
  }));
  return json(200, { carriers });
}

export function createShipment(state: SandboxState, req: SandboxRequest): Reply {
  let body: { request?: Record<string, unknown> };
  try {
    body = JSON.parse(req.body || '{}') as typeof body;
  } catch {
    return adminError(400, 'The request body is not valid JSON.');
  }
  const request = body.request;
  if (!request || typeof request !== 'object') return invalid('request', 'is required');
  const order = state.ordersById.get(req.params.order_id);
  if (!order) return adminError(404, `No order found with order_id ${req.params.order_id}.`);
  const { tracking_no: trackingNo, shipping_company_code: carrierCode, status, order_item_code: itemCodes } = request;
  if (typeof trackingNo !== 'string' || trackingNo === '') return invalid('tracking_no', 'is required');
  if ([...trackingNo].length > 40) return invalid('tracking_no', 'must be at most 40 characters');
  if (typeof carrierCode !== 'string' || carrierCode === '') return invalid('shipping_company_code', 'is required');
  if (!MALL_CARRIERS[carrierCode]) return invalid('shipping_company_code', `${carrierCode} is not a carrier of this mall`);
  if (status !== 'standby' && status !== 'shipping') return invalid('status', 'must be standby or shipping');
  const all = order.items.map((item) => itemCode(order.orderId, item.itemNo));
  const wanted = itemCodes === undefined ? all : itemCodes;
  if (!Array.isArray(wanted) || wanted.some((code) => typeof code !== 'string' || !all.includes(code))) {
    return invalid('order_item_code', `must be item codes of order ${order.orderId}`);
  }
  const items = order.items.filter((item) => wanted.includes(itemCode(order.orderId, item.itemNo)));
  // Only paid items not yet shipped can be shipped: 입금전 has nothing to ship, 배송중/배송완료 already went.
  // A claimed item prints its claim's code (C00…), and Cafe24 ships none of them.
  const blocked = items.find((item) => !['N10', 'N20'].includes(itemStatus(state, order, item)));
  if (blocked) return adminError(422, `The order item ${itemCode(order.orderId, blocked.itemNo)} cannot be shipped in status ${itemStatus(state, order, blocked)}.`);
  const now = state.clock.now();
  for (const item of items) {
    item.trackingNo = trackingNo;
    item.shippingCompanyCode = carrierCode;
    // standby (배송대기) keeps the item with the seller; shipping (배송중) hands it to the carrier.
    item.status = status === 'shipping' ? 'N30' : 'N20';
  }
  if (status === 'shipping') order.shipBeginDate ??= now;
  order.updatedDate = now;
  return json(201, {
    shipment: {
      shop_no: 1,
      shipping_code: `D-${order.orderId}-${String(items[0].itemNo).padStart(2, '0')}`,
      order_id: order.orderId,
      order_item_code: items.map((item) => itemCode(order.orderId, item.itemNo)),
      tracking_no: trackingNo,
      shipping_company_code: carrierCode,
      status,
    },
  });
}
