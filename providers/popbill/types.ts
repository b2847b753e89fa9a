// The parts of Popbill's taxinvoice objects opsgraph writes and reads (README "RegistIssue", "GetInfo").

/** What opsgraph sends to RegistIssue (즉시발행): a 정발행 (seller issues), 영수 (paid), 과세 (10% VAT) invoice. */
export interface PopbillTaxinvoice {
  writeDate: string; // yyyyMMdd
  chargeDirection: '정과금';
  issueType: '정발행';
  purposeType: '영수' | '청구';
  taxType: '과세';
  invoicerCorpNum: string;
  invoicerMgtKey: string;
  invoicerCorpName: string;
  invoicerCEOName: string;
  invoiceeType: '사업자';
  invoiceeCorpNum: string;
  invoiceeCorpName: string;
  invoiceeCEOName: string;
  invoiceeEmail1?: string;
  supplyCostTotal: string;
  taxTotal: string;
  totalAmount: string;
  detailList?: Array<{ serialNum: number; purchaseDT: string; itemName: string; supplyCost: string; tax: string }>;
}

export interface PopbillIssueResponse { code: number; message: string; ntsConfirmNum?: string }

/** GetInfo's TaxinvoiceInfo, the fields read (stateCode 300 issued … 304 NTS accepted, 305 NTS refused, 600 cancelled). */
export interface PopbillTaxinvoiceInfo {
  itemKey: string;
  stateCode: number;
  invoicerMgtKey: string;
  ntsconfirmNum: string | null;
  ntsresult: string | null;
  issueDT: string | null;
  supplyCostTotal: string;
  taxTotal: string;
  writeDate: string;
}
