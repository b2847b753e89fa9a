// 11st (11번가) Seller Open API, providers/elevenst/README.md "Order queries" and "Actions":
// the order line and action result as this client hands them out (wire names kept).

/** The four order queries: 결제완료, 배송준비중, 배송중, 배송완료. */
export type ElevenstOrderState = 'complete' | 'packaging' | 'shipping' | 'dlvcompleted';

/** One product line of an 11st order (one `<ns2:order>` element). Ids stay strings: ordNo has 17 digits. */
export interface ElevenstOrder {
  /** Which query returned the line. */
  state: ElevenstOrderState;
  ordNo: string;
  ordPrdSeq: string;
  dlvNo: string;
  /** KST wall-clock text as sent, `2026-06-12 10:01:02`; see `parseElevenstDateTime`. */
  ordDt: string;
  ordStlEndDt: string;
  prdNo: string;
  prdNm: string;
  slctPrdOptNm: string;
  ordQty: number;
  /** Integer KRW. */
  selPrc: number;
  ordAmt: number;
  ordPayAmt: number;
  dlvCst: number;
  /** 01 선불, 02 착불, 03 무료. */
  dlvCstType?: string;
  rcvrNm: string;
  ordNm: string;
  memID: string;
  addPrdYn: 'Y' | 'N';
  addPrdNo: string;
  sellerPrdCd: string;
  rcvrPrtblNo?: string;
  rcvrMailNo?: string;
  rcvrBaseAddr?: string;
  rcvrDtlsAddr?: string;
  /** 발주확인일시, once confirmed. */
  plcodrCnfDt?: string;
  /** Carrier and invoice of a dispatched line (UNVERIFIED element names, §4 shows none). */
  dlvEtprsCd?: string;
  invcNo?: string;
  /** Every element of the line as sent, for fields this type does not name. */
  raw: Readonly<Record<string, string>>;
}

export interface ElevenstActionResult {
  resultCode: number;
  resultText: string;
}

export interface ConfirmOrderInput {
  ordNo: string;
  ordPrdSeq: string | number;
  addPrdYn: 'Y' | 'N';
  /** The add-on product's number; ignored when addPrdYn is N (the client then sends the literal `null`). */
  addPrdNo: string;
  dlvNo: string;
}

export interface DispatchOrderInput {
  sendDt: Date;
  /** 11st carrier code, e.g. 00034 CJ대한통운, 00011 한진, 00007 우체국, 00012 롯데. */
  dlvEtprsCd: string;
  invcNo: string;
  dlvNo: string;
  /** 01 택배 (the default). */
  dlvMthdCd?: string;
}

/**
 * The claim lists (11st guide, 취소교환반품: apiSeq 1639, 1642, 1724, 1643, 1646, 1648, 1651), each a
 * `/claimservice/{list}/{startTime}/{endTime}` query of at most 30 days.
 */
export type ElevenstClaimList =
  | 'cancelorders' | 'canceledorders' | 'withdrawcanceledorders'
  | 'returnorders' | 'returnedorders' | 'exchangeorders' | 'exchangedorders';

/** One claimed product line, read from either shape (cancellations: ordPrdCnSeq/ordCnStatCd; returns, exchanges: clmReqSeq/clmStat). */
export interface ElevenstClaim {
  list: ElevenstClaimList;
  kind: 'cancel' | 'return' | 'exchange';
  /** ordPrdCnSeq of a cancellation, clmReqSeq of a return or exchange: the claim number the actions take. */
  claimSeq: string;
  ordNo: string;
  ordPrdSeq: string;
  prdNo: string;
  /** ordCnStatCd (01 취소요청, 02 취소완료, 05 철회완료) or clmStat (105 반품신청, 106 반품완료, 201 교환신청…). */
  status: string;
  /** ordCnRsnCd or clmReqRsn, and the buyer's words (ordCnDtlsRsn or clmReqCont). */
  reasonCode: string;
  reasonText: string;
  quantity: number;
  /** createDt or reqDt, KST text as sent. */
  requestedAt: string;
  raw: Readonly<Record<string, string>>;
}
