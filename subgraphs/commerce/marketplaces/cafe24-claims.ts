// Cafe24's claim actions (providers/cafe24/README.md "Claims"): complete a 취소신청 (Create multiple order cancellations,
// status canceled), refuse it (Reject a cancellation request), take a return (Create multiple order returns: 반품접수,
// or 반품완료 once collected) or refuse it (Reject a return request). One order per call, so one refusal fails one order.
import { OrderStatus } from '../../../platform/graphql/enums';
import { ProviderError } from '../../../providers/errors';
import type { Cafe24Client, Cafe24ClaimItem } from '../../../providers/cafe24';
import type { OrderEntity } from '../entities/order';
import { ClaimAction } from '../schema/claims';
import { cafe24Call, syncCafe24 } from '../sync/cafe24';
import { readCafe24ClaimItems, type Cafe24ClaimItemRecord } from '../sync/cafe24-claims';
import type { ActionResult, ClaimActions, MarketplaceDeps } from './types';

/** Cafe24's reason type I (기타): the seller's own words go with it. */
const OTHER_REASON = 'I';
/** Returns Cafe24 shows as collected: completing them (반품완료) is what is left. */
const COLLECTED = ['R13', 'R20', 'R31'];

interface ClaimCall {
  /** The item statuses (as last synced) the action answers. */
  statuses: string[];
  run: (client: Cafe24Client, orderId: string, items: Cafe24ClaimItemRecord[], reason: string) => Promise<unknown>;
}

const itemsOf = (records: Cafe24ClaimItemRecord[]): Cafe24ClaimItem[] => records.map((r) => ({ order_item_code: r.orderItemCode, quantity: r.quantity }));
const rejection = (orderId: string, records: Cafe24ClaimItemRecord[], reason: string) => ({
  order_id: orderId, undone: 'T' as const, reason_type: OTHER_REASON, display_reject_reason: 'T' as const, reject_reason: reason,
  order_item_code: records.map((r) => r.orderItemCode),
});

const CLAIM_CALLS: Record<ClaimAction, ClaimCall> = {
  // 취소신청 or already 취소접수 by the admin: completing it cancels the items and puts them back in stock.
  [ClaimAction.APPROVE_CANCELLATION]: {
    statuses: ['C00', 'C10'],
    run: (client, orderId, records) => client.createCancellations([{ order_id: orderId, status: 'canceled', recover_inventory: 'T', items: itemsOf(records) }]),
  },
  [ClaimAction.REJECT_CANCELLATION]: {
    statuses: ['C00'],
    run: (client, orderId, records, reason) => client.rejectCancellationRequests([rejection(orderId, records, reason)]),
  },
  // A 반품신청 is taken (반품접수, the goods to be collected); a collected return is completed (반품완료, refund).
  [ClaimAction.APPROVE_RETURN]: {
    statuses: ['R00', ...COLLECTED],
    run: (client, orderId, records) => {
      const collected = records.every((r) => COLLECTED.includes(r.status));
      return client.createReturns([{
        order_id: orderId, status: collected ? 'returned' : 'accepted', pickup_completed: collected ? 'T' : 'F',
        recover_inventory: collected ? 'T' : 'F', items: itemsOf(records),
      }]);
    },
  },
  [ClaimAction.REJECT_RETURN]: {
    statuses: ['R00'],
    run: (client, orderId, records, reason) => client.rejectReturnRequests([rejection(orderId, records, reason)]),
  },
};

/** Cafe24's refusal of one order's request (422, 404) in its own words; anything else stops the batch. */
async function refusalOf(deps: MarketplaceDeps, tenantId: string, action: ClaimAction, call: (client: Cafe24Client) => Promise<unknown>): Promise<string | null> {
  const syncDeps = { keyring: deps.keyring, baseUrl: deps.baseUrls.cafe24, redirectUri: deps.cafe24RedirectUri };
  try {
    await cafe24Call(syncDeps, tenantId, `claim:${action}`, call);
    return null;
  } catch (error) {
    if (error instanceof ProviderError && (error.kind === 'bad_request' || error.kind === 'not_found')) return error.message.replace(/^.*? failed: /, '');
    throw error;
  }
}

/**
 * The records an action answers: for APPROVE_RETURN the collected items when some are (completing them), else the
 * requested ones, so that one call carries one status.
 */
function recordsFor(action: ClaimAction, records: Cafe24ClaimItemRecord[]): Cafe24ClaimItemRecord[] {
  const open = records.filter((r) => CLAIM_CALLS[action].statuses.includes(r.status));
  if (action !== ClaimAction.APPROVE_RETURN) return open;
  const collected = open.filter((r) => COLLECTED.includes(r.status));
  return collected.length > 0 ? collected : open;
}

export const cafe24Claims: ClaimActions = {
  actions: [ClaimAction.APPROVE_CANCELLATION, ClaimAction.REJECT_CANCELLATION, ClaimAction.APPROVE_RETURN, ClaimAction.REJECT_RETURN],
  async act(deps, tenantId, orders, action, reason) {
    const spec = CLAIM_CALLS[action];
    const outcomes = new Map<string, ActionResult>();
    let acted = false;
    for (const order of orders) {
      const records = recordsFor(action, readCafe24ClaimItems(order.marketplaceData));
      if (records.length === 0) {
        outcomes.set(order.id, { ok: false, reason: `no item in ${spec.statuses.join(' or ')} on this order at the last sync` });
        continue;
      }
      const refusal = await refusalOf(deps, tenantId, action, (client) => spec.run(client, order.externalId, records, reason ?? ''));
      if (refusal) outcomes.set(order.id, { ok: false, reason: refusal });
      else {
        acted = true;
        outcomes.set(order.id, { ok: true, status: order.status as OrderStatus });
      }
    }
    // Cafe24's own word on the items (their new C/R codes) is read back, so the claims and status shown are Cafe24's.
    if (acted) await syncCafe24({ db: deps.db, events: deps.events, keyring: deps.keyring, baseUrl: deps.baseUrls.cafe24, redirectUri: deps.cafe24RedirectUri }, tenantId);
    return withStoredStatus(deps, tenantId, orders, outcomes);
  },
};

async function withStoredStatus(deps: MarketplaceDeps, tenantId: string, orders: OrderEntity[], outcomes: Map<string, ActionResult>): Promise<Map<string, ActionResult>> {
  const rows: Array<{ id: string; status: OrderStatus }> = await deps.db.query('SELECT id, status FROM orders WHERE tenant_id = $1 AND id = ANY($2)', [tenantId, orders.map((o) => o.id)]);
  for (const row of rows) {
    if (outcomes.get(row.id)?.ok) outcomes.set(row.id, { ok: true, status: row.status });
  }
  return outcomes;
}
