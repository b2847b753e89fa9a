// 11st (11번가) Seller Open API client, providers/elevenst/README.md (Auth, Order queries, Actions):
// `openapikey` header, EUC-KR XML answers, 7-day query windows, 발주확인 and 발송처리 as path-only GETs.
import { z } from 'zod';
import { ProviderError } from '../errors';
import { checkReply } from '../reply';
import { elevenstError } from './errors';
import { parseElevenstXml, type ElevenstAnswer, type RawFields } from './parse';
import { formatElevenstMinute, MAX_CLAIM_WINDOW_MS, splitQueryWindow } from './time';
import { CLAIM_KINDS, toClaim } from './claims';
import { fetchEucKr } from './transport';
import type { ConfirmOrderInput, DispatchOrderInput, ElevenstActionResult, ElevenstClaim, ElevenstClaimList, ElevenstOrder, ElevenstOrderState } from './types';

export interface ElevenstClientOptions {
  /** https://api.11st.co.kr/rest in production. */
  baseUrl: string;
  /** The seller's openapikey. */
  apiKey: string;
  timeoutMs?: number;
}

const STATES: readonly ElevenstOrderState[] = ['complete', 'packaging', 'shipping', 'dlvcompleted'];
const PARCEL_DELIVERY = '01';
const NO_ADD_PRODUCT = 'null';

export class ElevenstClient {
  private readonly baseUrl: string;
  private readonly apiKey: string;
  private readonly timeoutMs?: number;

  constructor(options: ElevenstClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.apiKey = options.apiKey;
    this.timeoutMs = options.timeoutMs;
  }

  /** Order lines in `state` between `from` and `to` (inclusive, by minute); one query per 7 days, in order. */
  async listOrders(state: ElevenstOrderState, from: Date, to: Date): Promise<ElevenstOrder[]> {
    if (!STATES.includes(state)) throw new RangeError(`state must be one of ${STATES.join(', ')}, but got ${JSON.stringify(state)}`);
    const orders: ElevenstOrder[] = [];
    for (const { start, end } of splitQueryWindow(from, to)) {
      const what = `list 11st ${state} orders ${start}-${end}`;
      const answer = await this.call(`/ordservices/${state}/${start}/${end}`, what);
      if (answer.kind !== 'orders') throw this.unexpected(what, 'an order list');
      orders.push(...answer.orders.map((fields, i) => toOrder(state, checkReply('elevenst', `${what} (order ${i + 1})`, ORDER_FIELDS, fields, [this.apiKey]) as RawFields)));
    }
    return orders;
  }

  /** 발주확인: moves one product line from 결제완료 to 배송준비중. */
  confirmOrder(input: ConfirmOrderInput): Promise<ElevenstActionResult> {
    const { ordNo, ordPrdSeq, addPrdYn, addPrdNo, dlvNo } = input;
    // The guide names a line without an add-on product by the literal `null`, not by the `0` its order list shows
    // (providers/elevenst/README.md "Corrections").
    const addOn = addPrdYn === 'Y' ? addPrdNo : NO_ADD_PRODUCT;
    const path = `/ordservices/reqpackaging/${seg(ordNo)}/${seg(String(ordPrdSeq))}/${seg(addPrdYn)}/${seg(addOn)}/${seg(dlvNo)}`;
    return this.action(path, `confirm 11st order ${ordNo}/${ordPrdSeq}`);
  }

  /** 발송처리: ships every line of the delivery number under one invoice. */
  dispatchOrder(input: DispatchOrderInput): Promise<ElevenstActionResult> {
    const { sendDt, dlvEtprsCd, invcNo, dlvNo, dlvMthdCd = PARCEL_DELIVERY } = input;
    const path = `/ordservices/reqdelivery/${formatElevenstMinute(sendDt)}/${seg(dlvMthdCd)}/${seg(dlvEtprsCd)}/${seg(invcNo)}/${seg(dlvNo)}`;
    return this.action(path, `dispatch 11st delivery ${dlvNo}`);
  }

  /** The claims of one claim list changed between `from` and `to`; one query per 30 days, in order. */
  async listClaims(list: ElevenstClaimList, from: Date, to: Date): Promise<ElevenstClaim[]> {
    if (!(list in CLAIM_KINDS)) throw new RangeError(`list must be one of ${Object.keys(CLAIM_KINDS).join(', ')}, but got ${JSON.stringify(list)}`);
    const claims: ElevenstClaim[] = [];
    for (const { start, end } of splitQueryWindow(from, to, MAX_CLAIM_WINDOW_MS)) {
      const what = `list 11st ${list} ${start}-${end}`;
      const answer = await this.call(`/claimservice/${list}/${start}/${end}`, what);
      if (answer.kind !== 'orders') throw this.unexpected(what, 'a claim list');
      claims.push(...answer.orders.map((fields, i) => toClaim(list, checkReply('elevenst', `${what} (claim ${i + 1})`, CLAIM_FIELDS, fields, [this.apiKey]) as RawFields)));
    }
    return claims;
  }

  /** 취소승인처리 (apiSeq 1640): the buyer's cancellation request of one line is approved. */
  approveCancellation(ordPrdCnSeq: string, ordNo: string, ordPrdSeq: string): Promise<ElevenstActionResult> {
    return this.action(`/claimservice/cancelreqconf/${seg(ordPrdCnSeq)}/${seg(ordNo)}/${seg(ordPrdSeq)}`, `approve 11st cancellation ${ordPrdCnSeq}`);
  }

  /** 반품승인처리 (apiSeq 1644): the return of one line is completed (refunded). */
  approveReturn(clmReqSeq: string, ordNo: string, ordPrdSeq: string): Promise<ElevenstActionResult> {
    return this.action(`/claimservice/returnreqconf/${seg(clmReqSeq)}/${seg(ordNo)}/${seg(ordPrdSeq)}`, `approve 11st return ${clmReqSeq}`);
  }

  /** 반품거부처리 (apiSeq 1645): refused with a reason code (101 미입고, 102 철회 대행, 103 반품 불가 상품, 104 기타) and words 11st sends the buyer. */
  rejectReturn(input: { ordNo: string; ordPrdSeq: string; clmReqSeq: string; refsRsnCd: string; refsRsn: string }): Promise<ElevenstActionResult> {
    const { ordNo, ordPrdSeq, clmReqSeq, refsRsnCd, refsRsn } = input;
    return this.action(`/claimservice/returnreqreject/${seg(ordNo)}/${seg(ordPrdSeq)}/${seg(clmReqSeq)}/${seg(refsRsnCd)}/${seg(refsRsn)}`, `reject 11st return ${clmReqSeq}`);
  }

  private async action(path: string, what: string): Promise<ElevenstActionResult> {
    const answer = await this.call(path, what);
    if (answer.kind !== 'result') throw this.unexpected(what, 'a <result> document');
    return { resultCode: answer.resultCode, resultText: answer.resultText };
  }

  private async call(path: string, what: string): Promise<ElevenstAnswer> {
    const secrets = [this.apiKey];
    const response = await fetchEucKr({
      what, url: `${this.baseUrl}${path}`, headers: { openapikey: this.apiKey, accept: 'text/xml' }, timeoutMs: this.timeoutMs, secrets,
    });
    const answer = response.status === 200 ? parseElevenstXml(response.text) : ({ kind: 'unknown' } as const);
    const error = elevenstError({ what, status: response.status, answer, secrets });
    if (error) throw error;
    return answer;
  }

  private unexpected(what: string, expected: string): ProviderError {
    return new ProviderError({ provider: 'elevenst', kind: 'server', status: 200, message: `${what} failed: 11st did not answer with ${expected}`, secrets: [this.apiKey] });
  }
}

// The order fields commerce keys and prices orders by (subgraphs/commerce/sync/elevenst*.ts), checked on arrival: an
// order without its number would otherwise be stored under ''.
const amount = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a number').or(z.literal('')).optional();
const ORDER_FIELDS = z.object({
  ordNo: z.string().min(1), ordPrdSeq: z.string().min(1), dlvNo: z.string().min(1),
  ordQty: amount, selPrc: amount, ordAmt: amount, ordPayAmt: amount, dlvCst: amount,
}).passthrough();

// The claim fields the sync keys claims by, checked on arrival: a claim without its order or line would be lost.
const CLAIM_FIELDS = z.object({ ordNo: z.string().min(1), ordPrdSeq: z.string().min(1) }).passthrough()
  .refine((f) => typeof f.ordPrdCnSeq === 'string' || typeof f.clmReqSeq === 'string', 'a claim needs ordPrdCnSeq or clmReqSeq');

/** Path segments are the values themselves; a slash in one would shift every later segment. */
function seg(value: string): string {
  return encodeURIComponent(value);
}

const money = (text: string | undefined) => (text === undefined || text === '' ? 0 : Number(text));
const optional = (text: string | undefined) => (text === undefined || text === '' ? undefined : text);

function toOrder(state: ElevenstOrderState, f: RawFields): ElevenstOrder {
  return {
    state,
    ordNo: f.ordNo ?? '', ordPrdSeq: f.ordPrdSeq ?? '', dlvNo: f.dlvNo ?? '',
    ordDt: f.ordDt ?? '', ordStlEndDt: f.ordStlEndDt ?? '',
    prdNo: f.prdNo ?? '', prdNm: f.prdNm ?? '', slctPrdOptNm: f.slctPrdOptNm ?? '',
    ordQty: money(f.ordQty), selPrc: money(f.selPrc), ordAmt: money(f.ordAmt), ordPayAmt: money(f.ordPayAmt), dlvCst: money(f.dlvCst),
    dlvCstType: optional(f.dlvCstType),
    rcvrNm: f.rcvrNm ?? '', ordNm: f.ordNm ?? '', memID: f.memID ?? '',
    addPrdYn: f.addPrdYn === 'Y' ? 'Y' : 'N', addPrdNo: f.addPrdNo ?? '0', sellerPrdCd: f.sellerPrdCd ?? '',
    rcvrPrtblNo: optional(f.rcvrPrtblNo), rcvrMailNo: optional(f.rcvrMailNo),
    rcvrBaseAddr: optional(f.rcvrBaseAddr), rcvrDtlsAddr: optional(f.rcvrDtlsAddr),
    plcodrCnfDt: optional(f.plcodrCnfDt), dlvEtprsCd: optional(f.dlvEtprsCd), invcNo: optional(f.invcNo),
    raw: f,
  };
}
