// 11st order actions, providers/elevenst/README.md "Actions": 발주확인 (reqpackaging) per product line, 발송처리
// (reqdelivery) per delivery number. Refusals are negative result codes; only -3308 (묶음배송) is from §4,
// the other codes are the sandbox's own (UNVERIFIED).
import type { Reply, SandboxRequest } from '../http';
import { parcelKey, type SandboxState } from '../state';
import { ELEVENST_CARRIERS, PARCEL_DELIVERY_METHOD } from './carriers';
import { dispatchLines, confirmLine } from './orders';
import { BAD_TIME_CODE, parseMinute } from './queries';
import { elevenstStore, linesOfDelivery } from './store';
import { actionResult } from './xml';

export const ACTION_CODES = {
  noOrder: -3300,
  notPayable: -3301,
  notDispatchable: -3302,
  addProductMismatch: -3303,
  bundle: -3308,
  deliveryMethod: -3311,
  carrier: -3312,
  invoice: -3313,
  invoiceTaken: -3314,
} as const;

/** The guide names a line without an add-on product by the literal `null` (providers/elevenst/README.md
 * "Corrections"); the `0` its order list shows, or an empty segment, is a mismatch. */
const NO_ADD_PRODUCT = 'null';

export function requestPackaging(state: SandboxState, req: SandboxRequest): Reply {
  const { ordNo, ordPrdSeq, addPrdYn, addPrdNo, dlvNo } = req.params;
  const line = elevenstStore(state).lines.find((l) => l.ordNo === ordNo && String(l.ordPrdSeq) === ordPrdSeq);
  if (!line) return actionResult(ACTION_CODES.noOrder, `주문정보가 존재하지 않습니다. (${ordNo}/${ordPrdSeq})`);
  if (line.dlvNo !== dlvNo) return actionResult(ACTION_CODES.bundle, '묶음배송번호(dlvNo)가 주문과 일치하지 않습니다.');
  const addMatches = addPrdYn === line.addPrdYn && (addPrdYn === 'Y' ? addPrdNo === line.addPrdNo : addPrdNo === NO_ADD_PRODUCT);
  if (!addMatches) return actionResult(ACTION_CODES.addProductMismatch, '추가구성상품 정보가 주문과 일치하지 않습니다.');
  if (line.state !== 'complete') return actionResult(ACTION_CODES.notPayable, '결제완료 상태의 주문만 발주확인할 수 있습니다.');
  confirmLine(line, state.clock.now());
  return actionResult(0, '발주확인완료');
}

export function requestDelivery(state: SandboxState, req: SandboxRequest): Reply {
  const { sendDt, dlvMthdCd, dlvEtprsCd, invcNo, dlvNo } = req.params;
  const sentAt = parseMinute(sendDt);
  if (sentAt === undefined) return actionResult(BAD_TIME_CODE, '발송일시는 yyyyMMddHHmm 형식이어야 합니다.');
  if (dlvMthdCd !== PARCEL_DELIVERY_METHOD) return actionResult(ACTION_CODES.deliveryMethod, '택배(01) 발송만 처리할 수 있습니다.');
  const carrier = ELEVENST_CARRIERS[dlvEtprsCd];
  if (!carrier) return actionResult(ACTION_CODES.carrier, `택배사 코드가 올바르지 않습니다. (${dlvEtprsCd})`);
  if (!/^\d{8,14}$/.test(invcNo)) return actionResult(ACTION_CODES.invoice, '송장번호가 올바르지 않습니다.');
  const lines = linesOfDelivery(elevenstStore(state), dlvNo);
  if (lines.length === 0) return actionResult(ACTION_CODES.noOrder, `배송정보가 존재하지 않습니다. (${dlvNo})`);
  // A bundle ships as one parcel: every line in it must have been confirmed first.
  if (lines.some((l) => l.state === 'complete')) {
    return actionResult(ACTION_CODES.bundle, '묶음배송 상품 중 발주확인되지 않은 상품이 있습니다.');
  }
  if (lines.some((l) => l.state !== 'packaging')) return actionResult(ACTION_CODES.notDispatchable, '발송처리할 수 없는 주문상태입니다.');
  const existing = state.parcels.get(parcelKey(carrier.tCode, invcNo));
  if (existing && existing.orderId !== lines[0].ordNo) return actionResult(ACTION_CODES.invoiceTaken, '이미 사용된 송장번호입니다.');
  dispatchLines(state, lines, dlvEtprsCd, invcNo, sentAt);
  // The shipping query lists by when the dispatch was registered, whatever sendDt says.
  const now = state.clock.now();
  for (const line of lines) line.stateAt = now;
  return actionResult(0, '발송처리완료');
}
