// Coupang WING as a marketplace adapter (providers/coupang/README.md; action bodies follow Coupang's 상품준비중 처리 and
// 송장업로드 처리 documents): sync, 발주확인 (acknowledgement) and 송장 등록 (invoice upload), per shipment box.
import type { CoupangBoxResult, CoupangInvoiceInput } from '../../../providers/coupang';
import { carrierCode } from '../../../platform/carriers';
import { Marketplace, OrderStatus, type Carrier } from '../../../platform/graphql/enums';
import type { OrderEntity } from '../entities/order';
import { coupangProducts, updateCoupangStock } from '../products/coupang';
import { ProviderError } from '../../../providers/errors';
import { ClaimAction } from '../schema/claims';
import { callCoupang, syncCoupang } from '../sync/coupang';
import { readCoupangClaims, type CoupangClaimRecord } from '../sync/coupang-claims';
import { readCoupangData } from '../sync/coupang-mapping';
import type { ActionResult, ClaimActions, MarketplaceAdapter, MarketplaceDeps } from './types';

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

/** Which receipts each action answers (Coupang's receiptStatus) and the calls that answer one. */
const CLAIM_CALLS: Partial<Record<ClaimAction, { type: string; statuses: string[]; run: (deps: MarketplaceDeps, tenantId: string, record: CoupangClaimRecord) => Promise<string | null> }>> = {
  // 출고중지완료: the box has not left, so it is cancelled. Coupang answers FAIL (200) once it has shipped.
  [ClaimAction.APPROVE_CANCELLATION]: {
    type: 'CANCEL', statuses: ['RELEASE_STOP_UNCHECKED'],
    async run(deps, tenantId, record) {
      const answer = await callCoupang(deps, tenantId, 'stopShipment', (client) => client.stopShipment(record.id, record.cancelCount));
      return answer.succeeded ? null : `receipt ${record.id}: ${answer.message || 'FAIL'}`;
    },
  },
  // The seller approves a return by confirming the goods are back (입고 확인), then approving it (반품요청 승인).
  [ClaimAction.APPROVE_RETURN]: {
    type: 'RETURN', statuses: ['RETURNS_UNCHECKED', 'VENDOR_WAREHOUSE_CONFIRM'],
    async run(deps, tenantId, record) {
      if (record.claim.marketplaceStatus === 'RETURNS_UNCHECKED') {
        await callCoupang(deps, tenantId, 'confirmReturnReceipt', (client) => client.confirmReturnReceipt(record.id));
      }
      await callCoupang(deps, tenantId, 'approveReturnRequest', (client) => client.approveReturnRequest(record.id, record.cancelCount));
      return null;
    },
  },
};

/**
 * Coupang's claim actions, one receipt per call; Coupang's refusal of one (a 4xx, or FAIL) fails its order only.
 * Coupang has no API to refuse a 출고중지요청 other than shipping (이미출고, with the invoice), nor to refuse a return:
 * those stay in WING. Once answered, the orders are synced again so their claims and status are Coupang's own.
 */
const claims: ClaimActions = {
  actions: [ClaimAction.APPROVE_CANCELLATION, ClaimAction.APPROVE_RETURN],
  async act(deps, tenantId, orders, action) {
    const spec = CLAIM_CALLS[action]!;
    const outcomes = new Map<string, ActionResult>();
    let acted = false;
    for (const order of orders) {
      const records = readCoupangClaims(order.marketplaceData)
        .filter((record) => record.kind === 'receipt' && (record.claim.type as string) === spec.type && spec.statuses.includes(record.claim.marketplaceStatus));
      if (records.length === 0) {
        outcomes.set(order.id, { ok: false, reason: `no ${spec.type.toLowerCase()} claim in ${spec.statuses.join(' or ')} on this order at the last sync` });
        continue;
      }
      const refusals: string[] = [];
      for (const record of records) {
        try {
          const refused = await spec.run(deps, tenantId, record);
          if (refused) refusals.push(refused);
          else acted = true;
        } catch (error) {
          // Coupang's business refusals (4xx) belong to this order; anything else (auth, 5xx, throttle) fails the call.
          if (!(error instanceof ProviderError && error.status !== undefined && error.status >= 400 && error.status < 500 && error.kind !== 'auth' && error.kind !== 'rate_limited')) throw error;
          refusals.push(`receipt ${record.id}: ${error.message}`);
        }
      }
      outcomes.set(order.id, refusals.length ? { ok: false, reason: refusals.join('; ') } : { ok: true, status: order.status as OrderStatus });
    }
    if (acted) await syncCoupang(deps, tenantId);
    const rows: Array<{ id: string; status: OrderStatus }> = await deps.db.query('SELECT id, status FROM orders WHERE tenant_id = $1 AND id = ANY($2)', [tenantId, orders.map((o) => o.id)]);
    for (const row of rows) {
      if (outcomes.get(row.id)?.ok) outcomes.set(row.id, { ok: true, status: row.status });
    }
    return outcomes;
  },
};

export const coupangAdapter: MarketplaceAdapter = {
  marketplace: Marketplace.COUPANG,
  sync: (deps, tenantId) => syncCoupang(deps, tenantId),
  confirm,
  dispatch,
  products: (deps, tenantId, request) => coupangProducts(deps, tenantId, request),
  updateStock: (deps, tenantId, externalId, quantity) => updateCoupangStock(deps, tenantId, externalId, quantity),
  claims,
};
