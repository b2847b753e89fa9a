// 11st order queries, providers/elevenst/README.md "Order queries": `/ordservices/{state}/{startTime}/{endTime}` with
// yyyyMMddHHmm times in KST, no paging, a window of at most 7 days (UNVERIFIED limit, as §4 says).
import type { Reply, SandboxRequest } from '../http';
import type { SandboxState } from '../state';
import { DAY_MS, kstDateTimeWithSpace } from '../time';
import { ELEVENST_CARRIERS } from './carriers';
import { elevenstStore, type ElevenstLine, type LineState } from './store';
import { elements, listResult, orderList } from './xml';

export const MAX_WINDOW_MS = 7 * DAY_MS;
const MINUTE_MS = 60_000;
// UNVERIFIED: §4 only says errors are negative; these two codes are the sandbox's own choice.
export const BAD_TIME_CODE = -110;
export const WINDOW_TOO_LONG_CODE = -111;

/** `202601072359` read as a KST minute; undefined unless it is 12 digits naming a real minute. */
export function parseMinute(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:00+09:00`);
  if (Number.isNaN(ms) || kstDateTimeWithSpace(ms).slice(0, 16) !== `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}`) return undefined;
  return ms;
}

function printLine(line: ElevenstLine): string {
  const when = (ms: number) => kstDateTimeWithSpace(ms);
  const ordAmt = line.selPrc * line.ordQty;
  const fields: Array<readonly [string, string | number]> = [
    ['ordNo', line.ordNo], ['ordPrdSeq', line.ordPrdSeq], ['dlvNo', line.dlvNo],
    ['ordDt', when(line.ordDt)], ['ordStlEndDt', when(line.ordStlEndDt)],
    ['prdNo', line.prdNo], ['prdNm', line.prdNm], ['slctPrdOptNm', line.slctPrdOptNm],
    ['ordQty', line.ordQty], ['selPrc', line.selPrc], ['ordAmt', ordAmt], ['ordPayAmt', ordAmt],
    ['dlvCstType', line.dlvCstType], ['dlvCst', line.dlvCst],
    ['bndlDlvSeq', line.bndlDlvSeq], ['bndlDlvYN', line.bndlDlvSeq ? 'Y' : 'N'],
    ['rcvrNm', line.rcvrNm], ['rcvrPrtblNo', line.rcvrPrtblNo], ['rcvrMailNo', line.rcvrMailNo],
    ['rcvrBaseAddr', line.rcvrBaseAddr], ['rcvrDtlsAddr', line.rcvrDtlsAddr],
    ['ordNm', line.ordNm], ['memID', line.memID], ['addPrdYn', line.addPrdYn], ['addPrdNo', line.addPrdNo],
    ['sellerPrdCd', line.sellerPrdCd],
  ];
  if (line.plcodrCnfDt !== null) fields.push(['plcodrCnfDt', when(line.plcodrCnfDt)]);
  // UNVERIFIED: the carrier and invoice of shipped lines are printed under these names (§4 shows none).
  if (line.dlvEtprsCd && line.invcNo) {
    fields.push(['dlvEtprsCd', line.dlvEtprsCd], ['dlvEtprsNm', ELEVENST_CARRIERS[line.dlvEtprsCd].name], ['invcNo', line.invcNo]);
  }
  if (line.sendDt !== null) fields.push(['sendDt', when(line.sendDt)]);
  return elements(fields);
}

export function listOrders(state: SandboxState, req: SandboxRequest, lineState: LineState): Reply {
  const start = parseMinute(req.params.startTime);
  const end = parseMinute(req.params.endTime);
  if (start === undefined || end === undefined) {
    return listResult(BAD_TIME_CODE, '조회 일시는 yyyyMMddHHmm 형식이어야 합니다.');
  }
  // The end minute is included: 202601010000/202601072359 is the longest window, exactly 7 days.
  const until = end + MINUTE_MS;
  if (until <= start) return listResult(BAD_TIME_CODE, '조회 종료일시가 시작일시보다 빠릅니다.');
  if (until - start > MAX_WINDOW_MS) return listResult(WINDOW_TOO_LONG_CODE, '조회 기간은 최대 7일까지 가능합니다.');
  const found = elevenstStore(state)
    .lines.filter((l) => l.state === lineState && l.stateAt >= start && l.stateAt < until)
    .sort((a, b) => a.stateAt - b.stateAt || a.ordNo.localeCompare(b.ordNo) || a.ordPrdSeq - b.ordPrdSeq);
  if (found.length === 0) return listResult(0, '조회된 주문이 없습니다.');
  return orderList(found.map(printLine));
}
