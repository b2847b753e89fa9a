// Coupang WING as a marketplace adapter (providers/coupang/README.md; action bodies follow Coupang's 상품준비중 처리 and
// 송장업로드 처리 documents): sync, 발주확인 (acknowledgement) and 송장 등록 (invoice upload), per shipment box.
import type { CoupangBoxResult, CoupangInvoiceInput } from '../../../providers/coupang';
import { carrierCode } from '../../../platform/carriers';
import { Marketplace, OrderStatus, type Carrier } from '../../../platform/graphql/enums';
import type { OrderEntity } from '../entities/order';
import { coupangProducts, updateCoupangStock } from '../products/coupang';
import { callCoupang, syncCoupang } from '../sync/coupang';
import { readCoupangData } from '../sync/coupang-mapping';
import type { ActionResult, MarketplaceAdapter, MarketplaceDeps } from './types';

/** Coupang takes at most 50 boxes per acknowledgement (its 상품준비중 처리 document). */
const BOXES_PER_ACKNOWLEDGEMENT = 50;
const NOT_SYNCED = 'no Coupang shipment box is stored for this order; sync Coupang orders first';

/** Coupang's own words for a refused box: its result code and message. */
function refusal(results: CoupangBoxResult[]): string {
  return results.map((r) => `box ${r.shipmentBoxId}: ${r.resultCode}${r.resultMessage ? ` (${r.resultMessage})` : ''}`).join('; ');
}

/** An order goes ahead only when every one of its boxes did; otherwise it says which boxes Coupang refused. */
function outcome(boxIds: number[], results: Map<number, CoupangBoxResult>, status: OrderStatus): ActionResult {
  const refused = boxIds.map((id) => results.get(id)).filter((r): r is CoupangBoxResult => !r?.succeeded);
  return refused.length === 0 ? { ok: true, status } : { ok: false, reason: refusal(refused) };
}

/**
 * 발주확인: ACCEPT → INSTRUCT for every box of the orders, in batches. This matters beyond bookkeeping:
 * Coupang cancels boxes nobody acknowledged in time.
 */
async function confirm(deps: MarketplaceDeps, tenantId: string, orders: OrderEntity[]): Promise<Map<string, ActionResult>> {
  const outcomes = new Map<string, ActionResult>();
  const boxesOf = new Map<string, number[]>();
  for (const order of orders) {
    const data = readCoupangData(order.marketplaceData);
    if (data) boxesOf.set(order.id, data.shipmentBoxIds);
    else outcomes.set(order.id, { ok: false, reason: NOT_SYNCED });
  }
  const all = [...new Set([...boxesOf.values()].flat())];
  const results = new Map<number, CoupangBoxResult>();
  for (let i = 0; i < all.length; i += BOXES_PER_ACKNOWLEDGEMENT) {
    const batch = all.slice(i, i + BOXES_PER_ACKNOWLEDGEMENT);
    const answered = await callCoupang(deps, tenantId, 'acknowledgeOrders', (client) => client.acknowledgeOrders(batch));
    for (const result of answered) results.set(result.shipmentBoxId, result);
  }
  for (const [orderId, boxIds] of boxesOf) outcomes.set(orderId, outcome(boxIds, results, OrderStatus.PREPARING));
  return outcomes;
}

/**
 * 송장 등록: one invoice per box, naming one of the box's items as Coupang asks. The order has one tracking
 * number, so an order split over several boxes is refused by Coupang for the boxes after the first (a box
 * is a parcel, and Coupang takes an invoice number once).
 */
async function dispatch(deps: MarketplaceDeps, tenantId: string, order: OrderEntity, carrier: Carrier, trackingNumber: string): Promise<ActionResult> {
  const data = readCoupangData(order.marketplaceData);
  if (!data) return { ok: false, reason: NOT_SYNCED };
  const deliveryCompanyCode = carrierCode('coupang', carrier);
  if (!deliveryCompanyCode) return { ok: false, reason: `Coupang has no carrier code for ${carrier}` };
  const invoices: CoupangInvoiceInput[] = data.boxes.map((box) => ({
    shipmentBoxId: box.shipmentBoxId, orderId: Number(order.externalId), vendorItemId: box.vendorItemIds[0],
    deliveryCompanyCode, invoiceNumber: trackingNumber,
  }));
  const answered = await callCoupang(deps, tenantId, 'uploadInvoices', (client) => client.uploadInvoices(invoices));
  return outcome(data.shipmentBoxIds, new Map(answered.map((r) => [r.shipmentBoxId, r])), OrderStatus.SHIPPING);
}

export const coupangAdapter: MarketplaceAdapter = {
  marketplace: Marketplace.COUPANG,
  sync: (deps, tenantId) => syncCoupang(deps, tenantId),
  confirm,
  dispatch,
  products: (deps, tenantId, request) => coupangProducts(deps, tenantId, request),
  updateStock: (deps, tenantId, externalId, quantity) => updateCoupangStock(deps, tenantId, externalId, quantity),
};
