// Naver Commerce API, providers/naver/README.md (Changed orders, Pagination, Order detail): the change feed, paged
// with `more` {moreFrom, moreSequence}, and the detail query of at most 300 product orders.
import { parseJsonObject, type Reply, type SandboxRequest } from '../http';
import type { SandboxState } from '../state';
import { presentDetail, presentLastChange } from './present';
import { naverState, type NaverProductOrder } from './store';
import { badRequest, naverData, naverError, naverTime, parseNaverTime } from './wire';

const MAX_LIMIT = 300;
const DAY_MS = 86_400_000;
const CHANGE_TYPES = new Set([
  'PAY_WAITING', 'PAYED', 'EXCHANGE_OPTION', 'DELIVERY_ADDRESS_CHANGED', 'GIFT_RECEIVED', 'CLAIM_REJECTED', 'DISPATCHED',
  'CLAIM_REQUESTED', 'COLLECT_DONE', 'CLAIM_COMPLETED', 'PURCHASE_DECIDED', 'HOPE_DELIVERY_INFO_CHANGED', 'CLAIM_REDELIVERING',
]);

const byChange = (a: NaverProductOrder, b: NaverProductOrder) =>
  a.lastChangedDate - b.lastChangedDate || a.productOrderId.localeCompare(b.productOrderId);

/**
 * `moreSequence` says how many changes at exactly `moreFrom` were already returned: the feed is sorted by
 * lastChangedDate then productOrderId, and several changes can share one instant.
 */
export function lastChangedStatuses(state: SandboxState, req: SandboxRequest): Reply {
  const q = req.query;
  const from = parseNaverTime(q.get('lastChangedFrom'));
  if (from === undefined) return badRequest(state, 'lastChangedFrom', `lastChangedFrom은 오프셋을 포함한 ISO 8601 일시여야 합니다 (받은 값: ${q.get('lastChangedFrom') ?? '없음'}).`);
  const toRaw = q.get('lastChangedTo');
  const to = toRaw === null ? from + DAY_MS : parseNaverTime(toRaw);
  if (to === undefined || to < from) return badRequest(state, 'lastChangedTo', `lastChangedTo는 lastChangedFrom 이후의 ISO 8601 일시여야 합니다 (받은 값: ${toRaw}).`);
  const type = q.get('lastChangedType');
  if (type !== null && !CHANGE_TYPES.has(type)) return badRequest(state, 'lastChangedType', `알 수 없는 lastChangedType입니다: ${type}`);
  const limitRaw = q.get('limitCount');
  const limit = limitRaw === null ? MAX_LIMIT : Number(limitRaw);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return badRequest(state, 'limitCount', `limitCount는 1 이상 ${MAX_LIMIT} 이하의 정수여야 합니다 (받은 값: ${limitRaw}).`);
  const seqRaw = q.get('moreSequence');
  const skip = seqRaw === null ? 0 : Number(seqRaw);
  if (!/^\d+$/.test(seqRaw ?? '0')) return badRequest(state, 'moreSequence', `moreSequence가 올바르지 않습니다: ${seqRaw}`);

  // The window is [from, to): consecutive windows share no change.
  const inWindow = [...naverState(state).productOrders.values()]
    .filter((po) => po.lastChangedDate >= from && po.lastChangedDate < to && (type === null || po.lastChangedType === type))
    .sort(byChange);
  let start = 0;
  while (start < skip && start < inWindow.length && inWindow[start].lastChangedDate === from) start++;
  const page = inWindow.slice(start, start + limit);
  const next = inWindow[start + limit];
  const data: Record<string, unknown> = { count: page.length, lastChangeStatuses: page.map(presentLastChange) };
  if (next) {
    const sameInstantBefore = inWindow.slice(0, start + limit).filter((po) => po.lastChangedDate === next.lastChangedDate).length;
    data.more = { moreFrom: naverTime(next.lastChangedDate), moreSequence: String(sameInstantBefore).padStart(11, '0') };
  }
  return naverData(state, data);
}

export function queryProductOrders(state: SandboxState, req: SandboxRequest): Reply {
  const body = parseJsonObject(req.body);
  const ids = body?.productOrderIds;
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string')) {
    return badRequest(state, 'productOrderIds', 'productOrderIds는 상품 주문 번호 문자열의 배열이어야 합니다.');
  }
  if (ids.length > MAX_LIMIT) {
    return naverError(state, 400, 'BadRequest', `productOrderIds는 최대 ${MAX_LIMIT}개까지 조회할 수 있습니다 (받은 개수: ${ids.length}).`, [
      { name: 'productOrderIds', type: 'Size', message: `최대 ${MAX_LIMIT}개` },
    ]);
  }
  const all = [...naverState(state).productOrders.values()];
  const found = [...new Set(ids)].flatMap((id) => {
    const po = naverState(state).productOrders.get(id);
    // Unknown ids are left out of the answer rather than failing the whole query.
    return po ? [presentDetail(po, all.filter((s) => s.orderId === po.orderId))] : [];
  });
  return naverData(state, found);
}
