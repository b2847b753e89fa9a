// KFTC Open Banking (금융결제원 오픈뱅킹) API 2.0 wire shapes, providers/openbanking/README.md.

/** Every API answer carries these (README "Response codes"): `rsp_code` A0000 is success. */
export interface OpenBankingEnvelope {
  api_tran_id: string;
  api_tran_dtm: string;
  rsp_code: string;
  rsp_message: string;
}

/** POST /oauth/2.0/token (authorization_code or refresh_token). */
export interface OpenBankingTokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token: string;
  scope: string;
  user_seq_no: string;
}

/** What opsgraph keeps, sealed, on the key's row (keyring sessions). */
export interface OpenBankingTokens {
  accessToken: string;
  refreshToken: string;
  /** ISO instant. */
  accessTokenExpiresAt: string;
  userSeqNo: string;
  scope: string;
}

export interface OpenBankingAccount {
  fintech_use_num: string;
  account_alias: string;
  bank_code_std: string;
  bank_code_sub: string;
  bank_name: string;
  savings_bank_name: string;
  account_num_masked: string;
  account_seq: string;
  account_holder_name: string;
  account_holder_type: string;
  account_type: string;
  inquiry_agree_yn: string;
  inquiry_agree_dtime: string;
  transfer_agree_yn: string;
  transfer_agree_dtime: string;
  account_state: string;
}

export interface OpenBankingAccountList extends OpenBankingEnvelope {
  user_name: string;
  res_cnt: string;
  res_list: OpenBankingAccount[];
}

export interface OpenBankingTransaction {
  tran_date: string;
  tran_time: string;
  /** "입금" (deposit) or "출금" (withdrawal). */
  inout_type: string;
  tran_type: string;
  print_content: string;
  tran_amt: string;
  after_balance_amt: string;
  branch_name: string;
}

export interface OpenBankingTransactionPage extends OpenBankingEnvelope {
  bank_tran_id: string;
  bank_tran_date: string;
  bank_code_tran: string;
  bank_rsp_code: string;
  bank_rsp_message: string;
  bank_name: string;
  savings_bank_name: string;
  fintech_use_num: string;
  balance_amt: string;
  page_record_cnt: string;
  next_page_yn: string;
  befor_inquiry_trace_info: string;
  res_list: OpenBankingTransaction[];
}
