// 11st 정산내역조회 (`GET /settlement/settlementList/{startTime}/{endTime}`, providers/elevenst/README.md "Settlements"):
// yyyyMMdd days, at most 31, one `ns2:seStlDtlList` of settled lines; nothing found is result_code 0, too long 2.
import type { Reply, SandboxRequest } from '../http';
import type { SandboxState } from '../state';
import { DAY_MS, kstCompactDate, kstDate } from '../time';
import { elevenstStore, type ElevenstLine } from './store';
import { elements, eucKrXml, listResult, NS2 } from './xml';

const MAX_DAYS = 31;
const NOTHING_FOUND = 0;
const TOO_LONG = 2;
/** UNVERIFIED: the code of a malformed day (the guide lists 0, 2 and 1000 only). */
const BAD_DAY = -110;
/** The sandbox's own schedule and rate (UNVERIFIED upstream): settled the next day, sent two days after the decision, 12%. */
export const ELEVENST_FEE_RATE = 0.12;

function parseDay(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== `${m[1]}-${m[2]}-${m[3]}` ? undefined : ms;
}

const slashed = (ms: number) => new Date(ms).toISOString().slice(0, 10).replace(/-/g, '/');

/** A line counts on the KST day it was paid (the sandbox's stand-in for 구매확정일); shipping is charged on the first line. */
function printLine(line: ElevenstLine, seq: number, first: boolean, total: number): string {
  const decided = Date.parse(`${kstDate(line.ordStlEndDt)}T00:00:00Z`);
  const sale = line.selPrc * line.ordQty;
  const delivery = first ? line.dlvCst : 0;
  const fee = Math.round(sale * ELEVENST_FEE_RATE);
  const zero = (names: string[]) => names.map((name) => [name, 0] as const);
  return `<ns2:seStlDtl>${elements([
    ['seqNo', seq], ['ordNo', line.ordNo], ['ordPrdSeq', line.ordPrdSeq], ['dlvNo', line.dlvNo], ['clmReqSeq', ''], ['prdNo', line.prdNo],
    ['prdNm', line.prdNm], ['slctPrdOptNm', line.slctPrdOptNm], ['sellerPrdNo', line.sellerPrdCd], ['memId', line.memID], ['memNm', line.ordNm],
    ['ordQty', line.ordQty], ['selPrc', sale], ['optAmt', 0], ['dlvAmt', delivery],
    ...zero(['abrdCnDlvCst', 'addClmDlvCst', 'bmClmFstDlvCst', 'bmStlDlvCst', 'clmDlvCst', 'clmFstDlvCst']),
    ['selPrcAmt', sale + delivery],
    ...zero(['cupnAmt', 'sellerCupnAmt', 'tmallApplyDscAmt', 'tmallOverDscAmt', 'cardDscSellerDfrmAmt', 'sbdscFlctnStlAmt', 'sbdscSellerDfrmAmtSum',
      'sellerDfrmAppDlvAmt', 'sellerDfrmDeferredAdFee', 'sellerDfrmGblCnDlvCst', 'sellerDfrmGblDlvFee', 'sellerDfrmIntfreeFee', 'sellerDfrmMultiDscCst',
      'sellerDfrmOcbAmt', 'sellerDfrmPntPrd', 'debaGtnStlAmt']),
    ['feeTypeNm', '동의'], ['selFixedFee', `${(ELEVENST_FEE_RATE * 100).toFixed(2)}%`], ['selFee', fee], ['deductAmt', 0], ['stlAmt', sale + delivery - fee],
    ['ordStlEndDt', kstCompactDate(line.ordStlEndDt)], ['sndEndDt', line.sendDt === null ? '' : slashed(Date.parse(`${kstDate(line.sendDt)}T00:00:00Z`))],
    ['pocnfrmDt', kstCompactDate(line.ordStlEndDt)], ['trtEndDt', ''], ['stlDy', slashed(decided + DAY_MS)], ['stlPlnDy', slashed(decided + 2 * DAY_MS)],
    ['totalCount', total],
  ])}</ns2:seStlDtl>`;
}

export function settlementList(state: SandboxState, req: SandboxRequest): Reply {
  const start = parseDay(req.params.startTime);
  const end = parseDay(req.params.endTime);
  if (start === undefined || end === undefined || end < start) return listResult(BAD_DAY, '조회기간이 올바르지 않습니다.');
  if ((end - start) / DAY_MS >= MAX_DAYS) return listResult(TOO_LONG, '최대 31일까지만 조회가능합니다.');
  const [from, to] = [new Date(start).toISOString().slice(0, 10), new Date(end).toISOString().slice(0, 10)];
  const lines = elevenstStore(state).lines.filter((l) => kstDate(l.ordStlEndDt) >= from && kstDate(l.ordStlEndDt) <= to)
    .sort((a, b) => a.ordStlEndDt - b.ordStlEndDt || a.ordNo.localeCompare(b.ordNo) || a.ordPrdSeq - b.ordPrdSeq);
  if (lines.length === 0) return listResult(NOTHING_FOUND, '조회된 결과가 없습니다.');
  const firstOfDelivery = new Set<ElevenstLine>();
  const seen = new Set<string>();
  for (const line of lines) {
    if (seen.has(line.dlvNo)) continue;
    seen.add(line.dlvNo);
    firstOfDelivery.add(line);
  }
  const body = lines.map((line, i) => printLine(line, i + 1, firstOfDelivery.has(line), lines.length)).join('');
  return eucKrXml(`<ns2:seStlDtlList xmlns:ns2="${NS2}">${body}</ns2:seStlDtlList>`);
}
