// KFTC Open Banking API 2.0 client, following providers/openbanking/README.md: the 3-legged OAuth token calls, the
// account list and the transaction list (fintech number) with `befor_inquiry_trace_info` paging. The base URL is
// https://openapi.openbanking.or.kr (live), https://testapi.openbanking.or.kr (KFTC's test bed) or the sandbox.
import { ProviderError } from '../errors';
import { providerFetch } from '../http';
import { openbankingError } from './errors';
import type {
  OpenBankingAccount, OpenBankingAccountList, OpenBankingTokenResponse, OpenBankingTokens, OpenBankingTransaction, OpenBankingTransactionPage,
} from './types';

/** The scopes a seller grants: reading accounts and their transactions (README "Authorize"). */
export const OPENBANKING_SCOPES = ['login', 'inquiry'];
/** providerCode of the error that says the key needs the account holder's consent (again). */
export const CONSENT_REQUIRED = 'consent_required';
/** README "Transaction list": at most this many pages are followed for one query. */
const MAX_PAGES = 40;

export interface OpenBankingOAuthConfig {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri?: string;
  timeoutMs?: number;
}

/** Where the tokens live between calls; `rotate` refreshes under a lock unless another caller already did. */
export interface OpenBankingTokenStore {
  get(): Promise<OpenBankingTokens | null>;
  rotate(seenAccessToken: string | null, refresh: (current: OpenBankingTokens | null) => Promise<OpenBankingTokens>): Promise<OpenBankingTokens>;
}

export interface OpenBankingClientOptions extends OpenBankingOAuthConfig {
  tokens: OpenBankingTokenStore;
  /** A new `bank_tran_id` (README "bank_tran_id"): unique per day for the institution across every replica. */
  nextBankTranId: () => Promise<string>;
  now?: () => number;
}

/** The authorize URL the account holder opens (README "Authorize"); the code arrives at opsgraph's callback. */
export function openbankingAuthorizeUrl(config: OpenBankingOAuthConfig, state: string): string {
  const query = new URLSearchParams({
    response_type: 'code', client_id: config.clientId, redirect_uri: requireRedirectUri(config),
    scope: OPENBANKING_SCOPES.join(' '), state, auth_type: '0',
  });
  return `${config.baseUrl.replace(/\/+$/, '')}/oauth/2.0/authorize?${query.toString()}`;
}

export function exchangeOpenBankingCode(config: OpenBankingOAuthConfig, code: string, now = Date.now): Promise<OpenBankingTokens> {
  const form = new URLSearchParams({
    code, client_id: config.clientId, client_secret: config.clientSecret, redirect_uri: requireRedirectUri(config), grant_type: 'authorization_code',
  });
  return requestToken(config, form, 'exchange the Open Banking authorization code', [code], now);
}

export function refreshOpenBankingToken(config: OpenBankingOAuthConfig, refreshToken: string, now = Date.now): Promise<OpenBankingTokens> {
  const form = new URLSearchParams({
    client_id: config.clientId, client_secret: config.clientSecret, refresh_token: refreshToken, scope: OPENBANKING_SCOPES.join(' '), grant_type: 'refresh_token',
  });
  return requestToken(config, form, 'refresh the Open Banking access token', [refreshToken], now);
}

async function requestToken(config: OpenBankingOAuthConfig, form: URLSearchParams, what: string, extra: string[], now: () => number): Promise<OpenBankingTokens> {
  const secrets = [config.clientSecret, ...extra];
  const response = await providerFetch({
    provider: 'openbanking', what, method: 'POST',
    url: `${config.baseUrl.replace(/\/+$/, '')}/oauth/2.0/token`,
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
    body: form, timeoutMs: config.timeoutMs, secrets,
  });
  const body = response.json as Partial<OpenBankingTokenResponse> & { rsp_code?: string } | undefined;
  if (response.status !== 200 || body?.rsp_code) {
    const error = openbankingError(response, what, secrets);
    // A refused refresh token means the grant is gone: the account holder must consent again.
    if (form.get('grant_type') === 'refresh_token' && error.kind !== 'server' && error.kind !== 'rate_limited') {
      throw new ProviderError({ provider: 'openbanking', kind: 'auth', status: response.status, providerCode: CONSENT_REQUIRED, message: error.message });
    }
    throw error;
  }
  if (!body?.access_token || !body.refresh_token || !body.user_seq_no || typeof body.expires_in !== 'number') {
    throw new ProviderError({ provider: 'openbanking', kind: 'server', status: 200, message: `${what} failed: the token answer lacks a token, an expiry or user_seq_no` });
  }
  return {
    accessToken: body.access_token, refreshToken: body.refresh_token, userSeqNo: body.user_seq_no, scope: body.scope ?? '',
    accessTokenExpiresAt: new Date(now() + body.expires_in * 1000).toISOString(),
  };
}

export interface TransactionQuery {
  fintechUseNum: string;
  /** Korean dates, YYYYMMDD, inclusive. */
  fromDate: string;
  toDate: string;
  /** A: all, I: deposits, O: withdrawals. */
  inquiryType?: 'A' | 'I' | 'O';
}

const EXPIRY_MARGIN_MS = 5 * 60 * 1000;

export class OpenBankingClient {
  private readonly now: () => number;
  /** How many pages the last `transactions` call read (tests). */
  lastPageCount = 0;

  constructor(private readonly options: OpenBankingClientOptions) {
    this.now = options.now ?? Date.now;
  }

  private get base() {
    return this.options.baseUrl.replace(/\/+$/, '');
  }

  /** GET /v2.0/account/list: the accounts the user registered (numbers masked by KFTC). */
  async accounts(): Promise<{ userName: string; accounts: OpenBankingAccount[] }> {
    const body = await this.authorized<OpenBankingAccountList>('list the Open Banking accounts', (tokens) => ({
      path: '/v2.0/account/list',
      query: { user_seq_no: tokens.userSeqNo, include_cancel_yn: 'N', sort_order: 'D' },
    }));
    return { userName: body.user_name, accounts: body.res_list ?? [] };
  }

  /**
   * GET /v2.0/account/transaction_list/fin_num, every page: each page is a new call with a new `bank_tran_id` and
   * the previous answer's `befor_inquiry_trace_info`, until `next_page_yn` is N.
   */
  async transactions(query: TransactionQuery): Promise<{ balance: number; transactions: OpenBankingTransaction[] }> {
    const all: OpenBankingTransaction[] = [];
    let trace: string | undefined;
    let balance = 0;
    this.lastPageCount = 0;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const bankTranId = await this.options.nextBankTranId();
      const body = await this.authorized<OpenBankingTransactionPage>('list the Open Banking transactions', () => ({
        path: '/v2.0/account/transaction_list/fin_num',
        query: {
          bank_tran_id: bankTranId, fintech_use_num: query.fintechUseNum, inquiry_type: query.inquiryType ?? 'A', inquiry_base: 'D',
          from_date: query.fromDate, to_date: query.toDate, sort_order: 'A', tran_dtime: kstDateTime(this.now()),
          ...(trace ? { befor_inquiry_trace_info: trace } : {}),
        },
      }));
      this.lastPageCount += 1;
      balance = Number(body.balance_amt);
      all.push(...(body.res_list ?? []));
      if (body.next_page_yn !== 'Y' || !body.befor_inquiry_trace_info) return { balance, transactions: all };
      trace = body.befor_inquiry_trace_info;
    }
    throw new ProviderError({ provider: 'openbanking', kind: 'bad_request', message: `the transaction list has more than ${MAX_PAGES} pages: ask for a shorter period` });
  }

  /** One API call with a fresh token; an expired or refused token is refreshed once and the call retried. */
  private async authorized<T>(what: string, build: (tokens: OpenBankingTokens) => { path: string; query: Record<string, string> }): Promise<T> {
    let tokens = await this.options.tokens.get();
    if (!tokens) throw new ProviderError({ provider: 'openbanking', kind: 'auth', providerCode: CONSENT_REQUIRED, message: 'Open Banking was never connected: the account holder must consent' });
    if (Date.parse(tokens.accessTokenExpiresAt) - this.now() < EXPIRY_MARGIN_MS) tokens = await this.refresh(tokens.accessToken);
    for (let attempt = 0; ; attempt += 1) {
      const { path, query } = build(tokens);
      const response = await providerFetch({
        provider: 'openbanking', what, method: 'GET',
        url: `${this.base}${path}?${new URLSearchParams(query).toString()}`,
        headers: { authorization: `Bearer ${tokens.accessToken}` },
        timeoutMs: this.options.timeoutMs,
        secrets: [tokens.accessToken],
      });
      const body = response.json as (T & { rsp_code?: string }) | undefined;
      if (response.status === 200 && body?.rsp_code === 'A0000') return body;
      const error = openbankingError(response, what, [tokens.accessToken]);
      if (error.kind === 'auth' && error.providerCode !== CONSENT_REQUIRED && attempt === 0) {
        tokens = await this.refresh(tokens.accessToken);
        continue;
      }
      throw error;
    }
  }

  private refresh(seenAccessToken: string): Promise<OpenBankingTokens> {
    return this.options.tokens.rotate(seenAccessToken, async (current) => {
      if (!current) throw new ProviderError({ provider: 'openbanking', kind: 'auth', providerCode: CONSENT_REQUIRED, message: 'Open Banking has no tokens to refresh' });
      return refreshOpenBankingToken(this.options, current.refreshToken, this.now);
    });
  }
}

/** `bank_tran_id` (README "bank_tran_id"): 이용기관코드 (10) + 'U' + 9 characters unique for the day. */
export function bankTranId(orgCode: string, sequence: number): string {
  if (!/^[A-Z0-9]{10}$/.test(orgCode)) throw new Error(`the Open Banking institution code must be 10 letters or digits, got "${orgCode}"`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999_999_999) throw new Error(`bank_tran_id sequence out of range: ${sequence}`);
  return `${orgCode}U${String(sequence).padStart(9, '0')}`;
}

/** The Korean date of an instant, YYYYMMDD (the day bank_tran_id must be unique in). */
export function kstDate(ms: number): string {
  return new Date(ms + 9 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
}

function kstDateTime(ms: number): string {
  return new Date(ms + 9 * 3_600_000).toISOString().slice(0, 19).replace(/[-T:]/g, '');
}

function requireRedirectUri(config: OpenBankingOAuthConfig): string {
  if (!config.redirectUri) {
    throw new ProviderError({ provider: 'openbanking', kind: 'bad_request', message: 'Connecting Open Banking needs the registered redirect URI, but none was configured' });
  }
  return config.redirectUri;
}

/** In memory, one process: for tests and the probe of a key without a session. */
export class MemoryOpenBankingTokenStore implements OpenBankingTokenStore {
  refreshCount = 0;
  private lock: Promise<unknown> = Promise.resolve();
  constructor(private tokens: OpenBankingTokens | null = null) {}
  async get() {
    return this.tokens;
  }
  rotate(seen: string | null, refresh: (current: OpenBankingTokens | null) => Promise<OpenBankingTokens>): Promise<OpenBankingTokens> {
    const run = this.lock.then(async () => {
      if (this.tokens && this.tokens.accessToken !== seen) return this.tokens;
      this.refreshCount += 1;
      this.tokens = await refresh(this.tokens);
      return this.tokens;
    });
    this.lock = run.catch(() => undefined);
    return run;
  }
}

/** The tokens sealed on the key's row: rotation under that row's lock, so replicas refresh once. */
export function sessionTokenStore(session: { read<S>(): Promise<S | null>; update<S>(update: (current: S | null) => Promise<S>): Promise<S> }): OpenBankingTokenStore {
  return {
    get: () => session.read<OpenBankingTokens>(),
    rotate: (seen, refresh) =>
      session.update<OpenBankingTokens>(async (current) => (current !== null && current.accessToken !== seen ? current : refresh(current))),
  };
}
