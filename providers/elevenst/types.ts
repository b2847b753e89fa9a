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
