// 11st (11번가) as a marketplace adapter, providers/elevenst/README.md "Actions": 발주확인 (reqpackaging) per product line and
// 발송처리 (reqdelivery) per delivery number, with the ids the sync kept in marketplaceData.
import type { ElevenstActionResult } from '../../../providers/elevenst';
import { ProviderError } from '../../../providers/errors';
import { carrierCode } from '../../../platform/carriers';
import { Marketplace, OrderStatus, type Carrier } from '../../../platform/graphql/enums';
import type { OrderEntity } from '../entities/order';
import { elevenstClient, syncElevenst, waitingOutThrottle, type ElevenstCredentials } from '../sync/elevenst';
import { elevenstStoredLines, type ElevenstStoredLine } from '../sync/elevenst-mapping';
import { ClaimAction } from '../schema/claims';
import { readElevenstClaims, type ElevenstClaimRecord } from '../sync/elevenst-claims';
import type { ActionResult, ClaimActions, MarketplaceAdapter, MarketplaceDeps } from './types';

type ElevenstCall = (client: ReturnType<typeof elevenstClient>) => Promise<ElevenstActionResult>;

/**
 * One action through the key resolver (waiting out 11st's throttle, as the sync does, so a batch of
 * confirmations does not stop half-way); 11st's refusal (a negative result_code, which the client throws as a
 * bad request) comes back as its own words, so one refused order does not stop the others.
 */
async function refusalOf(deps: MarketplaceDeps, tenantId: string, operation: string, action: ElevenstCall): Promise<string | null> {
  try {
    await waitingOutThrottle(() =>
      deps.keyring.call<ElevenstCredentials, ElevenstActionResult>(
        { tenantId, provider: 'ELEVENST', operation },
        (lease) => action(elevenstClient(deps.baseUrls.elevenst, lease)),
      ),
    );
    return null;
  } catch (error) {
    if (error instanceof ProviderError && (error.kind === 'bad_request' || error.kind === 'not_found')) {
      return error.message.replace(/^.*? failed: /, '');
    }
    throw error;
  }
}

/**
 * The lines still 결제완료 as last synced; when none is, every line, so that 11st says in its own words why
 * the order cannot be confirmed (already confirmed, shipped…).
 */
function linesToConfirm(lines: ElevenstStoredLine[]): ElevenstStoredLine[] {
  const pending = lines.filter((line) => line.state === 'complete');
  return pending.length > 0 ? pending : lines;
}

async function confirmOne(deps: MarketplaceDeps, tenantId: string, order: OrderEntity): Promise<ActionResult> {
  const lines = elevenstStoredLines(order.marketplaceData);
  if (lines.length === 0) return { ok: false, reason: 'no 11st product lines are stored for this order; sync 11st orders first' };
  for (const line of linesToConfirm(lines)) {
    const refusal = await refusalOf(deps, tenantId, 'confirmOrder', (client) =>
      client.confirmOrder({ ordNo: order.externalId, ordPrdSeq: line.ordPrdSeq, addPrdYn: line.addPrdYn, addPrdNo: line.addPrdNo, dlvNo: line.dlvNo }),
    );
    // Lines confirmed before the refusal stay confirmed at 11st; the next sync shows each line's state.
    if (refusal) return { ok: false, reason: refusal };
  }
  return { ok: true, status: OrderStatus.PREPARING };
}

async function dispatchOne(deps: MarketplaceDeps, tenantId: string, order: OrderEntity, carrier: Carrier, invcNo: string): Promise<ActionResult> {
  const dlvEtprsCd = carrierCode('elevenst', carrier);
  if (!dlvEtprsCd) return { ok: false, reason: `11st has no carrier code for ${carrier}: 11st ships orders with domestic parcel carriers only` };
  const dlvNos = [...new Set(elevenstStoredLines(order.marketplaceData).map((line) => line.dlvNo))];
  if (dlvNos.length === 0) return { ok: false, reason: 'no 11st delivery number is stored for this order; sync 11st orders first' };
  const sendDt = new Date();
  // 11st ships by delivery number (a bundle may hold lines of other orders too, which ship with it).
  for (const dlvNo of dlvNos) {
    const refusal = await refusalOf(deps, tenantId, 'dispatchOrder', (client) => client.dispatchOrder({ sendDt, dlvEtprsCd, invcNo, dlvNo }));
    if (refusal) return { ok: false, reason: refusal };
  }
  return { ok: true, status: OrderStatus.SHIPPING };
}

/** 반품거부 reason code 104 (기타): the seller's own words go with it. */
const OTHER_REASON = '104';

/** Which claims each action answers (11st's claim status codes) and the one-line call that answers one. */
const CLAIM_CALLS: Partial<Record<ClaimAction, { kind: ElevenstClaimRecord['kind']; statuses: string[]; run: (order: OrderEntity, record: ElevenstClaimRecord, reason: string) => ElevenstCall }>> = {
  [ClaimAction.APPROVE_CANCELLATION]: {
    kind: 'cancel', statuses: ['01'], run: (order, r) => (client) => client.approveCancellation(r.claimSeq, order.externalId, r.ordPrdSeq),
  },
  // 반품승인 completes the return (refund): 11st takes it while requested or on hold (its -24006 otherwise).
  [ClaimAction.APPROVE_RETURN]: {
    kind: 'return', statuses: ['105', '104', '109'], run: (order, r) => (client) => client.approveReturn(r.claimSeq, order.externalId, r.ordPrdSeq),
  },
  [ClaimAction.REJECT_RETURN]: {
    kind: 'return', statuses: ['105'],
    run: (order, r, reason) => (client) => client.rejectReturn({ ordNo: order.externalId, ordPrdSeq: r.ordPrdSeq, clmReqSeq: r.claimSeq, refsRsnCd: OTHER_REASON, refsRsn: reason }),
  },
};

/**
 * 11st's claim actions, one claimed line per call; 11st's refusal of one fails its order only. 11st refuses a
 * cancellation only by shipping (취소거부 takes the invoice), which dispatchOrder does: no REJECT_CANCELLATION here.
 * Once answered, 11st's lists are read again so the orders' claims and status are 11st's own.
 */
const claims: ClaimActions = {
  actions: [ClaimAction.APPROVE_CANCELLATION, ClaimAction.APPROVE_RETURN, ClaimAction.REJECT_RETURN],
  async act(deps, tenantId, orders, action, reason) {
    const spec = CLAIM_CALLS[action]!;
    const outcomes = new Map<string, ActionResult>();
    let acted = false;
    for (const order of orders) {
      const records = readElevenstClaims(order.marketplaceData).filter((r) => r.kind === spec.kind && spec.statuses.includes(r.claim.marketplaceStatus));
      if (records.length === 0) {
        outcomes.set(order.id, { ok: false, reason: `no ${spec.kind} claim in ${spec.statuses.join(' or ')} on this order at the last sync` });
        continue;
      }
      const refusals: string[] = [];
      for (const record of records) {
        const refusal = await refusalOf(deps, tenantId, `claim:${action}`, spec.run(order, record, reason ?? ''));
        if (refusal) refusals.push(`claim ${record.claimSeq}: ${refusal}`);
        else acted = true;
      }
      outcomes.set(order.id, refusals.length ? { ok: false, reason: refusals.join('; ') } : { ok: true, status: order.status as OrderStatus });
    }
    if (acted) await syncElevenst({ db: deps.db, events: deps.events, keyring: deps.keyring, baseUrl: deps.baseUrls.elevenst }, tenantId);
    const rows: Array<{ id: string; status: OrderStatus }> = await deps.db.query('SELECT id, status FROM orders WHERE tenant_id = $1 AND id = ANY($2)', [tenantId, orders.map((o) => o.id)]);
    for (const row of rows) {
      if (outcomes.get(row.id)?.ok) outcomes.set(row.id, { ok: true, status: row.status });
    }
    return outcomes;
  },
};

export const elevenstAdapter: MarketplaceAdapter = {
  marketplace: Marketplace.ELEVENST,
  sync: (deps, tenantId) => syncElevenst({ db: deps.db, events: deps.events, keyring: deps.keyring, baseUrl: deps.baseUrls.elevenst }, tenantId),
  async confirm(deps, tenantId, orders) {
    const results = new Map<string, ActionResult>();
    // One at a time: 11st allows 5 calls/s per key, and the resolver paces them anyway.
    for (const order of orders) results.set(order.id, await confirmOne(deps, tenantId, order));
    return results;
  },
  dispatch: (deps, tenantId, order, carrier, trackingNumber) => dispatchOne(deps, tenantId, order, carrier, trackingNumber),
  claims,
};
