// 11st claims, providers/elevenst/README.md "Claims" (11st guide 취소교환반품: apiSeq 1639-1651, 1724): the claim lists
// (`/claimservice/{list}/{startTime}/{endTime}`, at most 30 days), 취소승인 / 반품승인 / 반품거부, and the control hooks
// that make buyers cancel, return and exchange (`POST /__sandbox/orders` kinds cancel_request, return_request, exchange_request).
import type { Reply, SandboxRequest } from '../http';
import type { SandboxState } from '../state';
import { DAY_MS, kstDateTimeWithSpace } from '../time';
import { parseMinute } from './queries';
import { elevenstStore, type ElevenstClaim, type ElevenstLine, type ElevenstStore } from './store';
import { claimActionResult, elements, listResult, orderList } from './xml';

const MINUTE_MS = 60_000;
const MAX_CLAIM_WINDOW_MS = 30 * DAY_MS;

/** Each list, the kind it holds and the statuses it shows (UNVERIFIED: where refused and withdrawn returns show). */
export const CLAIM_LISTS: Record<string, { kind: ElevenstClaim['kind']; shows: (status: string) => boolean; done?: true }> = {
  cancelorders: { kind: 'cancel', shows: (s) => s === '01' },
  canceledorders: { kind: 'cancel', shows: (s) => s === '02', done: true },
  withdrawcanceledorders: { kind: 'cancel', shows: (s) => s === '05' },
  returnorders: { kind: 'return', shows: (s) => s !== '106' },
  returnedorders: { kind: 'return', shows: (s) => s === '106', done: true },
  exchangeorders: { kind: 'exchange', shows: (s) => s !== '221' && s !== '302' },
  exchangedorders: { kind: 'exchange', shows: (s) => s === '221' || s === '302', done: true },
};

/** The documented error codes of the lists: cancellations -28xxx, returns and exchanges -29xxx. */
const listCode = (kind: ElevenstClaim['kind'], detail: 6 | 7 | 8) => (kind === 'cancel' ? -28000 : -29000) - detail;

const when = (ms: number) => kstDateTimeWithSpace(ms);

function printCancel(claim: ElevenstClaim, line: ElevenstLine, done: boolean): string {
  const fields: Array<readonly [string, string | number]> = [
    ['createDt', when(claim.requestedAt)], ['dlvNo', line.dlvNo], ['ordCnDtlsRsn', claim.reasonText], ['ordCnQty', claim.quantity],
    ['ordCnMnbdCd', '01'], ['ordCnRsnCd', claim.reasonCode], ['ordCnStatCd', claim.status], ['ordNo', claim.ordNo],
    ['ordPrdCnSeq', claim.seq], ['ordPrdSeq', claim.ordPrdSeq], ['prdNo', line.prdNo], ['slctPrdOptNm', line.slctPrdOptNm], ['referSeq', 0],
  ];
  if (done) fields.push(['cnTrtEndDt', when(claim.doneAt ?? claim.stateAt)], ['addDlvCst', 0], ['dlvCstRespnClf', '02'], ['ordCnTypCd', '01']);
  return elements(fields);
}

/** A return or exchange in its list's documented fields (apiSeq 1643, 1646, 1648, 1651); the pickup is the receiver's address. */
function printReturn(claim: ElevenstClaim, line: ElevenstLine, done: boolean): string {
  const fields: Array<readonly [string, string | number]> = [
    ['affliateBndlDlvSeq', 0], ['clmReqCont', claim.reasonText], ['clmReqQty', claim.quantity], ['clmReqRsn', claim.reasonCode],
    ['clmReqSeq', claim.seq], ['clmStat', claim.status], ['optName', line.slctPrdOptNm], ['ordNo', claim.ordNo],
    ['ordPrdSeq', claim.ordPrdSeq], ['prdNo', line.prdNo], ['reqDt', when(claim.requestedAt)],
  ];
  if (done) {
    fields.push(['trtEndDt', when(claim.doneAt ?? claim.stateAt)]);
    if (claim.kind === 'return') fields.push(['addDlvCst', 0], ['dlvCstRespnClf', '01'], ['stlDlvCst', 0]);
    return elements(fields);
  }
  const address = [line.rcvrNm, '02-0000-0000', line.rcvrPrtblNo, line.rcvrMailNo, '001', line.rcvrBaseAddr, line.rcvrDtlsAddr, '02', ''] as const;
  const pickup = ['ordNm', 'ordTlphnNo', 'ordPrtblTel', 'rcvrMailNo', 'rcvrMailNoSeq', 'rcvrBaseAddr', 'rcvrDtlsAddr', 'rcvrTypeAdd', 'rcvrTypeBilNo'];
  fields.push(...pickup.map((name, i) => [name, address[i]] as const));
  if (claim.kind === 'return') fields.push(['kglUseYn', 'N']);
  fields.push(['twMthd', '06']);
  const exchange = ['exchNm', 'exchTlphnNo', 'exchPrtblTel', 'exchMailNo', 'exchMailNoSeq', 'exchBaseAddr', 'exchDtlsAddr', 'exchTypeAdd', 'exchTypeBilNo'];
  if (claim.kind === 'exchange') fields.push(...exchange.map((name, i) => [name, address[i]] as const));
  fields.push(['clmLstDlvCst', '0'], ['appmtDlvCst', 0], ['clmDlvCstMthd', ''], ['twPrdInvcNo', ''], ['dlvEtprsCd', '00034']);
  return elements(fields);
}

const lineOf = (store: ElevenstStore, claim: Pick<ElevenstClaim, 'ordNo' | 'ordPrdSeq'>) =>
  store.lines.find((l) => l.ordNo === claim.ordNo && l.ordPrdSeq === claim.ordPrdSeq);

export function listClaims(state: SandboxState, req: SandboxRequest, list: string): Reply {
  const spec = CLAIM_LISTS[list];
  const start = parseMinute(req.params.startTime);
  const end = parseMinute(req.params.endTime);
  if (start === undefined) return listResult(listCode(spec.kind, 7), "start_dt의 조회 기간의 포멧('YYYYMMDDHH24')이 올바르지 않습니다.");
  if (end === undefined) return listResult(listCode(spec.kind, 6), "end_dt의 조회 기간의 포멧('YYYYMMDDHH24')이 올바르지 않습니다.");
  const until = end + MINUTE_MS;
  if (until <= start || until - start > MAX_CLAIM_WINDOW_MS) return listResult(listCode(spec.kind, 8), '조회기간은 최대 30(한달)일 단위로 가능합니다.');
  const store = elevenstStore(state);
  const found = store.claims
    .filter((c) => c.kind === spec.kind && spec.shows(c.status) && c.stateAt >= start && c.stateAt < until)
    .sort((a, b) => a.stateAt - b.stateAt || a.seq - b.seq);
  if (found.length === 0) return listResult(0, '해당 건이 없습니다.');
  const print = spec.kind === 'cancel' ? printCancel : printReturn;
  return orderList(found.map((claim) => print(claim, lineOf(store, claim)!, spec.done === true)));
}

function findClaim(state: SandboxState, kind: ElevenstClaim['kind'], seq: string, ordNo: string, ordPrdSeq: string): ElevenstClaim | undefined {
  return elevenstStore(state).claims.find((c) => c.kind === kind && String(c.seq) === seq && c.ordNo === ordNo && String(c.ordPrdSeq) === ordPrdSeq);
}

function settle(state: SandboxState, claim: ElevenstClaim, status: string, done: boolean): void {
  const now = state.clock.now();
  Object.assign(claim, { status, stateAt: now, doneAt: done ? now : claim.doneAt });
}

/** 취소승인처리: only a requested (01) cancellation; the line leaves the order lists. */
export function approveCancellation(state: SandboxState, req: SandboxRequest): Reply {
  const { ordPrdCnSeq, ordNo, ordPrdSeq } = req.params;
  const claim = findClaim(state, 'cancel', ordPrdCnSeq, ordNo, ordPrdSeq);
  if (!claim) return claimActionResult(-22004, '주문취소 상세번호를 알 수 없습니다');
  if (claim.status !== '01') return claimActionResult(-1, '이미 취소 완료된 신청건 입니다.');
  settle(state, claim, '02', true);
  const line = lineOf(elevenstStore(state), claim)!;
  Object.assign(line, { state: 'cancelled', stateAt: state.clock.now() });
  return claimActionResult(0, '전체 1건이 정상적으로 취소처리가 되었습니다.');
}

/** 반품승인처리: a requested or held return (105, 104, 109) is completed. */
export function approveReturn(state: SandboxState, req: SandboxRequest): Reply {
  const { clmReqSeq, ordNo, ordPrdSeq } = req.params;
  const claim = findClaim(state, 'return', clmReqSeq, ordNo, ordPrdSeq);
  if (!claim) return claimActionResult(-24004, '클레임 번호를 알 수 없습니다.');
  if (!['105', '104', '109'].includes(claim.status)) return claimActionResult(-24006, '반품 신청또는 접수 상태가 아니어서 반품을 완료 할 수 없습니다.');
  settle(state, claim, '106', true);
  return claimActionResult(0, '반품승인처리 되었습니다.');
}

const REFUSAL_CODES = new Set(['101', '102', '103', '104']);

/** 반품거부처리: only a requested (105) return, with a documented reason code and words. */
export function rejectReturn(state: SandboxState, req: SandboxRequest): Reply {
  const { ordNo, ordPrdSeq, clmReqSeq, refsRsnCd, refsRsn } = req.params;
  const claim = findClaim(state, 'return', clmReqSeq, ordNo, ordPrdSeq);
  if (!claim) return claimActionResult(-25004, '클레임 번호를 알 수 없습니다.');
  if (!REFUSAL_CODES.has(refsRsnCd) || !refsRsn?.trim()) return claimActionResult(-1, '거부 사유코드와 사유를 입력해 주세요.');
  if (claim.status !== '105') return claimActionResult(-1, '반품 신청상태가 아니어서 반품거부를 할 수 없습니다.');
  settle(state, claim, '107', true);
  return claimActionResult(0, '반품거부처리 되었습니다.');
}

/** Orders (their lines), newest first, that have no claim and whose every line passes `fits`. */
function candidates(store: ElevenstStore, fits: (line: ElevenstLine) => boolean): ElevenstLine[][] {
  const claimed = new Set(store.claims.map((c) => c.ordNo));
  const byOrder = new Map<string, ElevenstLine[]>();
  for (const line of store.lines) byOrder.set(line.ordNo, [...(byOrder.get(line.ordNo) ?? []), line]);
  return [...byOrder.values()]
    .filter((lines) => !claimed.has(lines[0].ordNo) && lines.every(fits))
    .sort((a, b) => b[0].stateAt - a[0].stateAt || b[0].ordNo.localeCompare(a[0].ordNo));
}

function fileClaims(state: SandboxState, kind: ElevenstClaim['kind'], fits: (line: ElevenstLine) => boolean, reason: [string, string], status: string, count: number): string[] {
  const store = elevenstStore(state);
  const now = state.clock.now();
  const chosen = candidates(store, fits).slice(0, count);
  for (const lines of chosen) {
    for (const line of lines) {
      store.claimSeq += 1;
      store.claims.push({
        kind, seq: store.claimSeq, ordNo: line.ordNo, ordPrdSeq: line.ordPrdSeq, status, reasonCode: reason[0], reasonText: reason[1],
        quantity: line.ordQty, requestedAt: now, stateAt: now, doneAt: null,
      });
    }
  }
  return chosen.map((lines) => lines[0].ordNo);
}

/** The buyer asks to cancel orders not shipped yet (결제완료 or 배송준비중), the newest first: 취소요청 (01) on every line. */
export const requestElevenstCancellations = (state: SandboxState, count: number) =>
  fileClaims(state, 'cancel', (l) => l.state === 'complete' || l.state === 'packaging', ['14', '구매의사 없어짐'], '01', count);

/** The buyer returns delivered orders, the newest first: 반품신청 (105) on every line. */
export const requestElevenstReturns = (state: SandboxState, count: number) =>
  fileClaims(state, 'return', (l) => l.state === 'dlvcompleted', ['101', '상품에 이상 없으나 구매 의사 없어짐'], '105', count);

/** The buyer asks to exchange delivered orders, the newest first: 교환신청 (201). */
export const requestElevenstExchanges = (state: SandboxState, count: number) =>
  fileClaims(state, 'exchange', (l) => l.state === 'dlvcompleted', ['110', '사이즈를 잘못 선택함'], '201', count);
