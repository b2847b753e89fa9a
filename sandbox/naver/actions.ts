// Naver Commerce API, providers/naver/README.md is silent on order changes: these follow Naver's known v1 routes and are
// UNVERIFIED — 발주확인 `POST .../product-orders/confirm` and 발송처리 `POST .../product-orders/dispatch`, each
// answering `data: {successProductOrderIds, failProductOrderInfos: [{productOrderId, code, message}]}`.
import { parseJsonObject, type Reply, type SandboxRequest } from '../http';
import type { SandboxState } from '../state';
import { confirm, dispatch } from './lifecycle';
import { NAVER_CARRIERS } from './parcel';
import { naverState, type NaverProductOrder } from './store';
import { badRequest, naverData, parseNaverTime } from './wire';

/** Ways to ship that need no carrier or invoice (direct delivery, pickup, nothing to ship). */
const METHODS_WITHOUT_INVOICE = new Set(['DIRECT_DELIVERY', 'VISIT_RECEIPT', 'NOTHING', 'QUICK_SVC']);

interface Failure {
  productOrderId: string;
  code: string;
  message: string;
}

/** Per-item outcome; the fail codes are the sandbox's own (UNVERIFIED). */
function result(state: SandboxState, success: string[], failures: Failure[]): Reply {
  return naverData(state, { successProductOrderIds: success, failProductOrderInfos: failures });
}

function lookUp(state: SandboxState, id: unknown): NaverProductOrder | Failure {
  const po = typeof id === 'string' ? naverState(state).productOrders.get(id) : undefined;
  if (!po) return { productOrderId: String(id), code: 'NOT_FOUND_PRODUCT_ORDER', message: '존재하지 않는 상품 주문입니다.' };
  if (po.status !== 'PAYED') {
    return { productOrderId: po.productOrderId, code: 'INVALID_PRODUCT_ORDER_STATUS', message: `처리할 수 없는 상품 주문 상태입니다: ${po.status}` };
  }
  return po;
}

export function confirmProductOrders(state: SandboxState, req: SandboxRequest): Reply {
  const ids = parseJsonObject(req.body)?.productOrderIds;
  if (!Array.isArray(ids) || ids.length === 0) return badRequest(state, 'productOrderIds', 'productOrderIds는 비어 있지 않은 배열이어야 합니다.');
  const success: string[] = [];
  const failures: Failure[] = [];
  for (const id of ids) {
    const po = lookUp(state, id);
    if ('code' in po) failures.push(po);
    else {
      confirm(po, state.clock.now());
      success.push(po.productOrderId);
    }
  }
  return result(state, success, failures);
}

export function dispatchProductOrders(state: SandboxState, req: SandboxRequest): Reply {
  const items = parseJsonObject(req.body)?.dispatchProductOrders;
  if (!Array.isArray(items) || items.length === 0) {
    return badRequest(state, 'dispatchProductOrders', 'dispatchProductOrders는 비어 있지 않은 배열이어야 합니다.');
  }
  const success: string[] = [];
  const failures: Failure[] = [];
  for (const raw of items) {
    const item = (raw ?? {}) as Record<string, unknown>;
    const po = lookUp(state, item.productOrderId);
    if ('code' in po) {
      failures.push(po);
      continue;
    }
    const invalid = (code: string, message: string) => failures.push({ productOrderId: po.productOrderId, code, message });
    const method = typeof item.deliveryMethod === 'string' ? item.deliveryMethod : '';
    const sendDate = parseNaverTime(typeof item.dispatchDate === 'string' ? item.dispatchDate : null);
    if (sendDate === undefined) {
      invalid('INVALID_DISPATCH_DATE', 'dispatchDate는 오프셋을 포함한 ISO 8601 일시여야 합니다.');
      continue;
    }
    if (method === 'DELIVERY') {
      const company = String(item.deliveryCompanyCode ?? '');
      const tracking = String(item.trackingNumber ?? '').trim();
      if (!NAVER_CARRIERS[company]) invalid('INVALID_DELIVERY_COMPANY', `지원하지 않는 택배사 코드입니다: ${company}`);
      else if (!/^\d{9,14}$/.test(tracking)) invalid('INVALID_TRACKING_NUMBER', `송장 번호가 올바르지 않습니다: ${tracking}`);
      else {
        dispatch(state, po, { deliveryMethod: method, deliveryCompany: company, trackingNumber: tracking, sendDate }, state.clock.now());
        success.push(po.productOrderId);
      }
    } else if (METHODS_WITHOUT_INVOICE.has(method)) {
      dispatch(state, po, { deliveryMethod: method, deliveryCompany: null, trackingNumber: null, sendDate }, state.clock.now());
      success.push(po.productOrderId);
    } else {
      invalid('INVALID_DELIVERY_METHOD', `지원하지 않는 배송 방법입니다: ${method}`);
    }
  }
  return result(state, success, failures);
}
