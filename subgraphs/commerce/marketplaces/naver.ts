// Naver SmartStore as a marketplace adapter (providers/naver/README.md): sync through the change feed, 발주확인 and
// 발송처리 on every product order of an order. Naver answers per product order, so one refusal fails one order.
// Its catalog and stock live in products/naver.ts, as the other marketplaces' do.
import type { NaverChangeFailure, NaverChangeResult, NaverCommerceClient, NaverConfirmResult, NaverDispatchItem } from '../../../providers/naver';
import { NAVER_MAX_IDS_PER_CHANGE } from '../../../providers/naver';
import { carrierCode } from '../../../platform/carriers';
import { Marketplace, OrderStatus, type Carrier } from '../../../platform/graphql/enums';
import type { OrderEntity } from '../entities/order';
import { naverProducts, updateNaverStock } from '../products/naver';
import { ClaimAction } from '../schema/claims';
import { actionableProductOrderIds, naverMarketplaceData } from '../sync/naver-mapping';
import { naverClients, refreshNaverOrders, syncNaver, type NaverCredentials } from '../sync/naver';
import type { ActionResult, ClaimActions, MarketplaceAdapter, MarketplaceDeps } from './types';

/** Order changes have their own, stricter Naver limit (10/s): keyring/limits.ts paces them by this name. */
const CHANGE_ORDERS = 'changeOrders';
const NOT_SYNCED = 'no Naver product orders are stored for this order; sync it first';

/** Naver's outcome for one order's product orders: ok only when every line went through. */
function outcomeOf(ids: string[], succeeded: ReadonlySet<string>, failed: NaverChangeFailure[], status: OrderStatus): ActionResult {
  const failures = failed.filter((failure) => ids.includes(failure.productOrderId));
  const missing = ids.filter((id) => !succeeded.has(id) && !failures.some((f) => f.productOrderId === id));
  if (failures.length === 0 && missing.length === 0) return { ok: true, status };
  const reasons = failures.map((f) => `product order ${f.productOrderId}: ${f.message} (${f.code})`);
  if (missing.length) reasons.push(`no answer for product order ${missing.join(', ')}`);
  return { ok: false, reason: reasons.join('; ') };
}

function change(deps: MarketplaceDeps, tenantId: string) {
  const clientFor = naverClients(deps.baseUrls.naver);
  return <T>(run: (client: NaverCommerceClient) => Promise<T>) =>
    deps.keyring.call<NaverCredentials, T>({ tenantId, provider: 'NAVER', operation: CHANGE_ORDERS }, (lease) => run(clientFor(lease)));
}

/**
 * 발주확인 in calls of at most 30 product orders (Naver refuses more), one keyring.call each, answered per order.
 * Where Naver says the buyer changed the address, the order says so until the seller has shipped it.
 */
async function confirm(deps: MarketplaceDeps, tenantId: string, orders: OrderEntity[]): Promise<Map<string, ActionResult>> {
  const call = change(deps, tenantId);
  const idsOf = new Map(orders.map((order) => [order.id, actionableProductOrderIds(order.marketplaceData)]));
  const all = [...idsOf.values()].flat();
  const result: NaverConfirmResult = { successProductOrderInfos: [], failProductOrderInfos: [] };
  for (let i = 0; i < all.length; i += NAVER_MAX_IDS_PER_CHANGE) {
    const part = await call((client) => client.confirmProductOrders(all.slice(i, i + NAVER_MAX_IDS_PER_CHANGE)));
    result.successProductOrderInfos.push(...part.successProductOrderInfos);
    result.failProductOrderInfos.push(...part.failProductOrderInfos);
  }
  const succeeded = new Set(result.successProductOrderInfos.map((info) => info.productOrderId));
  const moved = new Set(result.successProductOrderInfos.filter((info) => info.isReceiverAddressChanged).map((info) => info.productOrderId));
  const outcomes = new Map<string, ActionResult>();
  const addressChanged: string[] = [];
  for (const order of orders) {
    const ids = idsOf.get(order.id)!;
    outcomes.set(order.id, ids.length ? outcomeOf(ids, succeeded, result.failProductOrderInfos, OrderStatus.PREPARING) : { ok: false, reason: NOT_SYNCED });
    if (ids.some((id) => moved.has(id))) addressChanged.push(order.id);
  }
  if (addressChanged.length) {
    await deps.db.query('UPDATE orders SET receiver_address_changed = true WHERE tenant_id = $1 AND id = ANY($2)', [tenantId, addressChanged]);
  }
  return outcomes;
}

async function dispatch(
  deps: MarketplaceDeps, tenantId: string, order: OrderEntity, carrier: Carrier, trackingNumber: string,
): Promise<ActionResult> {
  const deliveryCompanyCode = carrierCode('naver', carrier);
  if (!deliveryCompanyCode) return { ok: false, reason: `Naver has no delivery company code for ${carrier}` };
  const ids = actionableProductOrderIds(order.marketplaceData);
  if (ids.length === 0) return { ok: false, reason: 'no Naver product orders are stored for this order; sync it first' };
  // Every line ships in the one parcel under the one invoice number.
  const items: NaverDispatchItem[] = ids.map((productOrderId) => ({ productOrderId, deliveryMethod: 'DELIVERY', deliveryCompanyCode, trackingNumber }));
  const call = change(deps, tenantId);
  const result: NaverChangeResult = { successProductOrderIds: [], failProductOrderInfos: [] };
  for (let i = 0; i < items.length; i += NAVER_MAX_IDS_PER_CHANGE) {
    const part = await call((client) => client.dispatchProductOrders(items.slice(i, i + NAVER_MAX_IDS_PER_CHANGE)));
    result.successProductOrderIds.push(...part.successProductOrderIds);
    result.failProductOrderInfos.push(...part.failProductOrderInfos);
  }
  return outcomeOf(ids, new Set(result.successProductOrderIds), result.failProductOrderInfos, OrderStatus.SHIPPING);
}

/** Which claims each action answers (Naver's claim status codes) and the one-product-order call that answers one. */
const CLAIM_CALLS: Partial<Record<ClaimAction, { type: string; statuses: string[]; run: (client: NaverCommerceClient, id: string, reason: string) => Promise<NaverChangeResult> }>> = {
  [ClaimAction.APPROVE_CANCELLATION]: { type: 'CANCEL', statuses: ['CANCEL_REQUEST'], run: (client, id) => client.approveCancellation(id) },
  // Naver approves a return once the goods are back (COLLECT_DONE); refusing is possible while it is under way.
  [ClaimAction.APPROVE_RETURN]: { type: 'RETURN', statuses: ['COLLECT_DONE'], run: (client, id) => client.approveReturn(id) },
  [ClaimAction.REJECT_RETURN]: {
    type: 'RETURN', statuses: ['RETURN_REQUEST', 'COLLECTING', 'COLLECT_DONE'], run: (client, id, reason) => client.rejectReturn(id, reason),
  },
};

/**
 * Naver's claim actions take one product order per call: each claimed line of each order, then the orders are
 * re-read from Naver so their claims and status are Naver's own (and published as order events).
 * Naver has no API to refuse a cancellation: the seller ships instead, which Naver treats as the refusal.
 */
const claims: ClaimActions = {
  actions: [ClaimAction.APPROVE_CANCELLATION, ClaimAction.APPROVE_RETURN, ClaimAction.REJECT_RETURN],
  async act(deps, tenantId, orders, action, reason) {
    const spec = CLAIM_CALLS[action]!;
    const call = change(deps, tenantId);
    const outcomes = new Map<string, ActionResult>();
    const acted: string[] = [];
    for (const order of orders) {
      const lines = (order.claims ?? []).filter((claim) => claim.marketplaceStatus && claim.externalLineId && (claim.type as string) === spec.type && spec.statuses.includes(claim.marketplaceStatus));
      if (lines.length === 0) {
        outcomes.set(order.id, { ok: false, reason: `no ${spec.type.toLowerCase()} claim in ${spec.statuses.join(' or ')} on this order at the last sync` });
        continue;
      }
      const result: NaverChangeResult = { successProductOrderIds: [], failProductOrderInfos: [] };
      for (const line of lines) {
        const part = await call((client) => spec.run(client, line.externalLineId, reason ?? ''));
        result.successProductOrderIds.push(...part.successProductOrderIds);
        result.failProductOrderInfos.push(...part.failProductOrderInfos);
      }
      const ids = lines.map((line) => line.externalLineId);
      outcomes.set(order.id, outcomeOf(ids, new Set(result.successProductOrderIds), result.failProductOrderInfos, order.status as OrderStatus));
      if (result.successProductOrderIds.length) acted.push(...naverMarketplaceData(order.marketplaceData).productOrderIds);
    }
    if (acted.length) await refreshNaverOrders({ db: deps.db, events: deps.events, keyring: deps.keyring, baseUrl: deps.baseUrls.naver }, tenantId, acted);
    const rows: Array<{ id: string; status: OrderStatus }> = await deps.db.query('SELECT id, status FROM orders WHERE tenant_id = $1 AND id = ANY($2)', [tenantId, orders.map((o) => o.id)]);
    for (const row of rows) {
      const outcome = outcomes.get(row.id);
      if (outcome?.ok) outcomes.set(row.id, { ok: true, status: row.status });
    }
    return outcomes;
  },
};

export const naverAdapter: MarketplaceAdapter = {
  marketplace: Marketplace.NAVER,
  sync: (deps, tenantId) => syncNaver({ db: deps.db, events: deps.events, keyring: deps.keyring, baseUrl: deps.baseUrls.naver }, tenantId),
  confirm,
  dispatch,
  claims,
  products: (deps, tenantId, request) => naverProducts(deps, tenantId, request),
  updateStock: (deps, tenantId, externalId, quantity) => updateNaverStock(deps, tenantId, externalId, quantity),
};
