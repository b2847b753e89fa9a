// 11st (11번가) as a marketplace adapter, providers/elevenst/README.md "Actions": 발주확인 (reqpackaging) per product line and
// 발송처리 (reqdelivery) per delivery number, with the ids the sync kept in marketplaceData.
import type { ElevenstActionResult } from '../../../providers/elevenst';
import { ProviderError } from '../../../providers/errors';
import { carrierCode } from '../../../platform/carriers';
import { Marketplace, OrderStatus, type Carrier } from '../../../platform/graphql/enums';
import type { OrderEntity } from '../entities/order';
import { elevenstClient, syncElevenst, waitingOutThrottle, type ElevenstCredentials } from '../sync/elevenst';
import { elevenstStoredLines, type ElevenstStoredLine } from '../sync/elevenst-mapping';
import type { ActionResult, MarketplaceAdapter, MarketplaceDeps } from './types';

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
};
