// Naver Commerce API, providers/naver/README.md (Order actions): 발주확인 `POST .../product-orders/confirm` answers
// `data: {successProductOrderInfos: [{productOrderId, isReceiverAddressChanged}], failProductOrderInfos}`, 발송처리
// `POST .../product-orders/dispatch` answers `data: {successProductOrderIds, failProductOrderInfos}`; both take at most 30.
import { parseJsonObject, type Reply, type SandboxRequest } from '../http';
import type { SandboxState } from '../state';
import { confirm, dispatch } from './lifecycle';
import { NAVER_CARRIERS } from './parcel';
import { naverState, type NaverProductOrder } from './store';
import { failure, MAX_PER_CHANGE, tooMany, type Failure } from './failures';
import { badRequest, naverData, parseNaverTime } from './wire';

/** Ways to ship that need no carrier or invoice (direct delivery, pickup, nothing to ship). */
const METHODS_WITHOUT_INVOICE = new Set(['DIRECT_DELIVERY', 'VISIT_RECEIPT', 'NOTHING', 'QUICK_SVC']);

function lookUp(state: SandboxState, id: unknown): NaverProductOrder | Failure {
  const po = typeof id === 'string' ? naverState(state).productOrders.get(id) : undefined;
  if (!po) return failure(String(id), 'NOT_FOUND');
  // An open claim (a cancellation asked for, a return under way) blocks both changes, as at Naver.
  const claimOpen = po.claim && !/_DONE$|_REJECT$/.test(po.claim.status);
  if (po.status !== 'PAYED' || claimOpen) return failure(po.productOrderId, 'BAD_STATUS', claimOpen ? po.claim!.status : po.status);
  return po;
}

export function confirmProductOrders(state: SandboxState, req: SandboxRequest): Reply {
  const ids = parseJsonObject(req.body)?.productOrderIds;
  if (!Array.isArray(ids) || ids.length === 0) return badRequest(state, 'productOrderIds', 'productOrderIds는 비어 있지 않은 배열이어야 합니다.');
  if (ids.length > MAX_PER_CHANGE) return tooMany(state, 'productOrderIds', ids.length);
  const success: Array<{ productOrderId: string; isReceiverAddressChanged: boolean }> = [];
  const failures: Failure[] = [];
  for (const id of new Set(ids)) {
    const po = lookUp(state, id);
    if ('code' in po) failures.push(po);
    else {
      confirm(po, state.clock.now());
      success.push({ productOrderId: po.productOrderId, isReceiverAddressChanged: po.receiverAddressChanged });
    }
  }
  return naverData(state, { successProductOrderInfos: success, failProductOrderInfos: failures });
}

export function dispatchProductOrders(state: SandboxState, req: SandboxRequest): Reply {
  const items = parseJsonObject(req.body)?.dispatchProductOrders;
  if (!Array.isArray(items) || items.length === 0) {
    return badRequest(state, 'dispatchProductOrders', 'dispatchProductOrders는 비어 있지 않은 배열이어야 합니다.');
  }
  if (items.length > MAX_PER_CHANGE) return tooMany(state, 'dispatchProductOrders', items.length);
  const success: string[] = [];
  const failures: Failure[] = [];
  for (const raw of items) {
    const item = (raw ?? {}) as Record<string, unknown>;
    const po = lookUp(state, item.productOrderId);
    if ('code' in po) {
      failures.push(po);
      continue;
    }
    const invalid = (kind: Parameters<typeof failure>[1], detail: string) => failures.push(failure(po.productOrderId, kind, detail));
    const method = typeof item.deliveryMethod === 'string' ? item.deliveryMethod : '';
    const sendDate = parseNaverTime(typeof item.dispatchDate === 'string' ? item.dispatchDate : null);
    if (sendDate === undefined) {
      invalid('BAD_INPUT', 'dispatchDate는 오프셋을 포함한 ISO 8601 일시여야 합니다.');
      continue;
    }
    if (method === 'DELIVERY') {
      const company = String(item.deliveryCompanyCode ?? '');
      const tracking = String(item.trackingNumber ?? '').trim();
      if (!company) invalid('NO_CARRIER', 'deliveryCompanyCode');
      else if (!NAVER_CARRIERS[company]) invalid('BAD_CARRIER', company);
      else if (!tracking) invalid('NO_INVOICE', 'trackingNumber');
      else if (!/^\d{9,14}$/.test(tracking)) invalid('BAD_INVOICE', tracking);
      else {
        dispatch(state, po, { deliveryMethod: method, deliveryCompany: company, trackingNumber: tracking, sendDate }, state.clock.now());
        success.push(po.productOrderId);
      }
    } else if (METHODS_WITHOUT_INVOICE.has(method)) {
      dispatch(state, po, { deliveryMethod: method, deliveryCompany: null, trackingNumber: null, sendDate }, state.clock.now());
      success.push(po.productOrderId);
    } else {
      invalid('NO_METHOD', method || 'deliveryMethod');
    }
  }
  return naverData(state, { successProductOrderIds: success, failProductOrderInfos: failures });
}
