// Naver SmartStore as a marketplace adapter (providers/naver/README.md): sync through the change feed, 발주확인 and
// 발송처리 on every product order of an order. Naver answers per product order, so one refusal fails one order.
import type { NaverChangeResult, NaverDispatchItem } from '../../../providers/naver';
import { NAVER_MAX_IDS_PER_QUERY } from '../../../providers/naver';
import { carrierCode } from '../../../platform/carriers';
import { Marketplace, OrderStatus, type Carrier } from '../../../platform/graphql/enums';
import type { OrderEntity } from '../entities/order';
import { actionableProductOrderIds } from '../sync/naver-mapping';
import { naverClients, syncNaver, type NaverCredentials } from '../sync/naver';
import type { ActionResult, MarketplaceAdapter, MarketplaceDeps } from './types';

/** Order changes have their own, stricter Naver limit (10/s): keyring/limits.ts paces them by this name. */
const CHANGE_ORDERS = 'changeOrders';

/** Naver's outcome for one order's product orders: ok only when every line went through. */
function outcomeOf(ids: string[], result: NaverChangeResult, status: OrderStatus): ActionResult {
  const failures = result.failProductOrderInfos.filter((failure) => ids.includes(failure.productOrderId));
  const missing = ids.filter((id) => !result.successProductOrderIds.includes(id) && !failures.some((f) => f.productOrderId === id));
  if (failures.length === 0 && missing.length === 0) return { ok: true, status };
  const reasons = failures.map((f) => `product order ${f.productOrderId}: ${f.message} (${f.code})`);
  if (missing.length) reasons.push(`no answer for product order ${missing.join(', ')}`);
  return { ok: false, reason: reasons.join('; ') };
}

function merge(into: NaverChangeResult, part: NaverChangeResult): void {
  into.successProductOrderIds.push(...part.successProductOrderIds);
  into.failProductOrderInfos.push(...part.failProductOrderInfos);
}

async function confirm(deps: MarketplaceDeps, tenantId: string, orders: OrderEntity[]): Promise<Map<string, ActionResult>> {
  const clientFor = naverClients(deps.baseUrls.naver);
  const idsOf = new Map(orders.map((order) => [order.id, actionableProductOrderIds(order.marketplaceData)]));
  const all = [...idsOf.values()].flat();
  const result: NaverChangeResult = { successProductOrderIds: [], failProductOrderInfos: [] };
  // Batches of at most 300, as Naver's other product-order calls take; one keyring.call each.
  for (let i = 0; i < all.length; i += NAVER_MAX_IDS_PER_QUERY) {
    const batch = all.slice(i, i + NAVER_MAX_IDS_PER_QUERY);
    merge(result, await deps.keyring.call<NaverCredentials, NaverChangeResult>(
      { tenantId, provider: 'NAVER', operation: CHANGE_ORDERS },
      (lease) => clientFor(lease).confirmProductOrders(batch),
    ));
  }
  const outcomes = new Map<string, ActionResult>();
  for (const order of orders) {
    const ids = idsOf.get(order.id)!;
    outcomes.set(order.id, ids.length ? outcomeOf(ids, result, OrderStatus.PREPARING) : { ok: false, reason: 'no Naver product orders are stored for this order; sync it first' });
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
  const clientFor = naverClients(deps.baseUrls.naver);
  const result = await deps.keyring.call<NaverCredentials, NaverChangeResult>(
    { tenantId, provider: 'NAVER', operation: CHANGE_ORDERS },
    (lease) => clientFor(lease).dispatchProductOrders(items),
  );
  return outcomeOf(ids, result, OrderStatus.SHIPPING);
}

export const naverAdapter: MarketplaceAdapter = {
  marketplace: Marketplace.NAVER,
  sync: (deps, tenantId) => syncNaver({ db: deps.db, events: deps.events, keyring: deps.keyring, baseUrl: deps.baseUrls.naver }, tenantId),
  confirm,
  dispatch,
};
