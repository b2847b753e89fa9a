// KFTC Open Banking API 2.0 (금융결제원 오픈뱅킹), providers/openbanking/README.md: the 3-legged authorize page and its
// form, the token endpoint (authorization_code, refresh_token), the account list (masked numbers) and the transaction
// list by fintech number with `befor_inquiry_trace_info` paging; `rsp_code` errors, bank_tran_id checked for its
// format and refused when used twice the same day, as KFTC does. Served under /openbanking.
import { createHash, randomBytes } from 'node:crypto';
import { bearerToken, json, type ProviderAdapter, type Reply, type SandboxRequest } from '../http';
import type { SandboxModule } from '../modules';
import type { SandboxState } from '../state';
import { kstCompactDate } from '../time';
import {
  DEFAULT_REDIRECT_URIS, DEMO_FINTECH_USE_NUM, DEMO_OPENBANKING_CREDENTIALS, DEMO_ORG_CODE, DEMO_USER_SEQ_NO,
} from './demo';
import { consentAsAccountHolder } from './browser';
import { addTransaction, openbankingStore, type Account, type Token } from './store';

const CODE_TTL_MS = 10 * 60_000;
const ACCESS_TTL_S = 90 * 86_400; // 90 days (README "Token")
const REFRESH_TTL_MS = 100 * 86_400_000;
/** README "Transaction list": records per page. */
export const PAGE_SIZE = 25;

const KST = 9 * 3_600_000;
const kst = (ms: number) => new Date(ms + KST).toISOString();
const apiDtm = (ms: number) => kst(ms).slice(0, 23).replace(/[-T:.]/g, '');
const secret = (n: number) => randomBytes(n).toString('base64url').slice(0, n);

function envelope(state: SandboxState, rspCode: string, rspMessage: string) {
  return { api_tran_id: randomBytes(10).toString('hex').toUpperCase(), api_tran_dtm: apiDtm(state.clock.now()), rsp_code: rspCode, rsp_message: rspMessage };
}
const refuse = (state: SandboxState, status: number, code: string, message: string, headers?: Record<string, string>): Reply =>
  json(status, envelope(state, code, message), headers);

// ---- OAuth (README "Authorize", "Token") ----

function authorizeRequest(state: SandboxState, req: SandboxRequest) {
  const q = req.query;
  if (q.get('response_type') !== 'code') return refuse(state, 400, 'O0001', '인증요청 거부-response_type 오류');
  const app = openbankingStore(state).apps.get(q.get('client_id') ?? '');
  if (!app) return refuse(state, 400, 'O0001', '인증요청 거부-등록되지 않은 client_id');
  const redirectUri = q.get('redirect_uri') ?? '';
  if (!app.redirectUris.includes(redirectUri)) return refuse(state, 400, 'O0001', '인증요청 거부-등록되지 않은 Callback URL');
  const scopes = (q.get('scope') ?? '').split(' ').filter(Boolean);
  if (!scopes.length || scopes.some((s) => !['login', 'inquiry', 'transfer'].includes(s))) return refuse(state, 400, 'O0001', '인증요청 거부-scope 오류');
  return { app, redirectUri, scope: scopes.join(' ') };
}

function authorize(state: SandboxState, req: SandboxRequest): Reply {
  const checked = authorizeRequest(state, req);
  if (!('app' in checked)) return checked;
  const html = `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>오픈뱅킹 사용자 인증</title></head>
<body>
<h1>오픈뱅킹 사용자 인증 및 계좌 등록</h1>
<p>이용기관이 다음 권한을 요청합니다: ${escapeHtml(checked.scope)}</p>
<form method="post" action="${escapeHtml(`?${req.query.toString()}`)}">
<label>이름 <input name="user_name"></label>
<label>인증번호 <input name="auth_code" type="password"></label>
<button type="submit" name="consent" value="agree">동의하고 계좌 등록</button>
</form>
</body></html>`;
  return { status: 200, text: html, contentType: 'text/html; charset=utf-8' };
}

/** The posted form: the demo account holder with any non-empty 인증번호 consents; 302 with code, scope and state. */
function consent(state: SandboxState, req: SandboxRequest): Reply {
  const checked = authorizeRequest(state, req);
  if (!('app' in checked)) return checked;
  const form = new URLSearchParams(req.body);
  if (!form.get('auth_code')) return { status: 401, text: '<!doctype html><p>본인인증에 실패했습니다.</p>', contentType: 'text/html; charset=utf-8' };
  const code = secret(30);
  openbankingStore(state).codes.set(code, {
    clientId: checked.app.clientId, redirectUri: checked.redirectUri, scope: checked.scope, userSeqNo: DEMO_USER_SEQ_NO, expiresAt: state.clock.now() + CODE_TTL_MS,
  });
  const location = new URL(checked.redirectUri);
  location.searchParams.set('code', code);
  location.searchParams.set('scope', checked.scope);
  const st = req.query.get('state');
  if (st !== null) location.searchParams.set('state', st);
  return { status: 302, headers: { location: location.toString() }, text: '' };
}

function token(state: SandboxState, req: SandboxRequest): Reply {
  const store = openbankingStore(state);
  const form = new URLSearchParams(req.body);
  const app = store.apps.get(form.get('client_id') ?? '');
  if (!app || app.clientSecret !== form.get('client_secret')) return refuse(state, 401, 'O0001', '인증요청 거부-client_id 또는 client_secret 오류');
  const now = state.clock.now();
  let grant: Omit<Token, 'expiresAt'>;
  switch (form.get('grant_type')) {
    case 'authorization_code': {
      const code = store.codes.get(form.get('code') ?? '');
      if (!code || code.clientId !== app.clientId || code.expiresAt <= now) return refuse(state, 400, 'O0001', '인증요청 거부-유효하지 않은 인가코드');
      if (code.redirectUri !== form.get('redirect_uri')) return refuse(state, 400, 'O0001', '인증요청 거부-redirect_uri 불일치');
      store.codes.delete(form.get('code')!); // single use
      grant = { clientId: app.clientId, userSeqNo: code.userSeqNo, scope: code.scope };
      break;
    }
    case 'refresh_token': {
      const old = store.refreshTokens.get(form.get('refresh_token') ?? '');
      if (!old || old.clientId !== app.clientId || old.expiresAt <= now) return refuse(state, 400, 'O0001', '인증요청 거부-유효하지 않은 refresh_token');
      store.refreshTokens.delete(form.get('refresh_token')!); // a refresh token is used once
      grant = { clientId: app.clientId, userSeqNo: old.userSeqNo, scope: old.scope };
      break;
    }
    default:
      return refuse(state, 400, 'O0001', '인증요청 거부-grant_type 오류');
  }
  const accessToken = secret(40);
  const refreshToken = secret(40);
  store.accessTokens.set(accessToken, { ...grant, expiresAt: now + ACCESS_TTL_S * 1000 });
  store.refreshTokens.set(refreshToken, { ...grant, expiresAt: now + REFRESH_TTL_MS });
  return json(200, { access_token: accessToken, token_type: 'Bearer', expires_in: ACCESS_TTL_S, refresh_token: refreshToken, scope: grant.scope, user_seq_no: grant.userSeqNo });
}

// ---- API (README "Account list", "Transaction list") ----

function authorized(state: SandboxState, scope: string, handler: (req: SandboxRequest, token: Token) => Reply) {
  return (req: SandboxRequest): Reply => {
    const token = openbankingStore(state).accessTokens.get(bearerToken(req.headers.authorization) ?? '');
    if (!token) return refuse(state, 401, 'O0001', '인증요청 거부-유효하지 않은 Access Token');
    if (token.expiresAt <= state.clock.now()) return refuse(state, 401, 'O0002', 'Access Token 만료');
    if (!token.scope.split(' ').includes(scope)) return refuse(state, 403, 'O0003', `Access Token 권한 부족(scope=${scope})`);
    return handler(req, token);
  };
}

function accountList(state: SandboxState, req: SandboxRequest, token: Token): Reply {
  const store = openbankingStore(state);
  if (req.query.get('user_seq_no') !== token.userSeqNo) return refuse(state, 200, 'A0004', '요청전문 포맷 에러-user_seq_no 불일치');
  const user = store.users.get(token.userSeqNo);
  const accounts = (user?.accounts ?? []).map((f) => store.accounts.get(f)!).filter(Boolean);
  return json(200, {
    ...envelope(state, 'A0000', ''), user_name: user?.name ?? '', res_cnt: String(accounts.length),
    res_list: accounts.map((a) => presentAccount(state, a)),
  });
}

function presentAccount(state: SandboxState, a: Account) {
  const agreed = apiDtm(state.clock.now()).slice(0, 14);
  return {
    fintech_use_num: a.fintechUseNum, account_alias: a.alias, bank_code_std: a.bankCode, bank_code_sub: `${a.bankCode}0001`, bank_name: a.bankName,
    savings_bank_name: '', account_num_masked: a.numberMasked, account_seq: '', account_holder_name: a.holderName, account_holder_type: 'P',
    account_type: '1', inquiry_agree_yn: 'Y', inquiry_agree_dtime: agreed, transfer_agree_yn: 'N', transfer_agree_dtime: '', account_state: '01',
  };
}

/** The trace handed back for the next page: opaque to the caller, bound to the account and the position. */
function traceOf(fintechUseNum: string, offset: number): string {
  return `${offset.toString(36).toUpperCase().padStart(6, '0')}${createHash('sha256').update(`${fintechUseNum}:${offset}`).digest('hex').slice(0, 14).toUpperCase()}`;
}
function offsetOf(fintechUseNum: string, trace: string): number | undefined {
  const offset = parseInt(trace.slice(0, 6), 36);
  return Number.isInteger(offset) && traceOf(fintechUseNum, offset) === trace ? offset : undefined;
}

const BANK_TRAN_ID = /^([A-Z0-9]{10})U[A-Z0-9]{9}$/;
const DATE = /^\d{8}$/;

function transactionList(state: SandboxState, req: SandboxRequest, token: Token): Reply {
  const store = openbankingStore(state);
  const q = req.query;
  const app = store.apps.get(token.clientId)!;
  const bankTranId = q.get('bank_tran_id') ?? '';
  const match = BANK_TRAN_ID.exec(bankTranId);
  if (!match || match[1] !== app.orgCode) return refuse(state, 200, 'A0004', '요청전문 포맷 에러-bank_tran_id');
  const used = `${kstCompactDate(state.clock.now())}:${bankTranId}`;
  // The code of a duplicate bank_tran_id is UNVERIFIED (providers/openbanking/README.md "Response codes").
  if (store.usedTranIds.has(used)) return refuse(state, 200, 'A0007', '이용기관 거래고유번호(bank_tran_id) 중복');
  store.usedTranIds.add(used);
  const fintech = q.get('fintech_use_num') ?? '';
  const account = store.accounts.get(fintech);
  if (!account || !store.users.get(token.userSeqNo)?.accounts.includes(fintech)) return refuse(state, 200, 'A0004', '요청전문 포맷 에러-등록되지 않은 핀테크이용번호');
  const from = q.get('from_date') ?? '';
  const to = q.get('to_date') ?? '';
  const type = q.get('inquiry_type') ?? '';
  const sort = q.get('sort_order') ?? '';
  if (!DATE.test(from) || !DATE.test(to) || from > to || !['A', 'I', 'O'].includes(type) || q.get('inquiry_base') !== 'D' || !['A', 'D'].includes(sort)) {
    return refuse(state, 200, 'A0004', '요청전문 포맷 에러-조회조건');
  }
  if (!/^\d{14}$/.test(q.get('tran_dtime') ?? '')) return refuse(state, 200, 'A0004', '요청전문 포맷 에러-tran_dtime');
  const trace = q.get('befor_inquiry_trace_info');
  const offset = trace ? offsetOf(fintech, trace) : 0;
  if (offset === undefined) return refuse(state, 200, 'A0004', '요청전문 포맷 에러-befor_inquiry_trace_info');
  const matching = account.transactions.filter((t) => {
    const day = kstCompactDate(t.at);
    return day >= from && day <= to && (type === 'A' || (type === 'I') === t.deposit);
  });
  if (sort === 'D') matching.reverse();
  const page = matching.slice(offset, offset + PAGE_SIZE);
  const more = offset + PAGE_SIZE < matching.length;
  return json(200, {
    ...envelope(state, 'A0000', ''), bank_tran_id: bankTranId, bank_tran_date: kstCompactDate(state.clock.now()), bank_code_tran: account.bankCode,
    bank_rsp_code: '000', bank_rsp_message: '', bank_name: account.bankName, savings_bank_name: '', fintech_use_num: fintech,
    balance_amt: String(account.balance), page_record_cnt: String(page.length), next_page_yn: more ? 'Y' : 'N',
    befor_inquiry_trace_info: more ? traceOf(fintech, offset + PAGE_SIZE) : '',
    res_list: page.map((t) => ({
      tran_date: kstCompactDate(t.at), tran_time: kst(t.at).slice(11, 19).replace(/:/g, ''), inout_type: t.deposit ? '입금' : '출금', tran_type: t.tranType,
      print_content: t.printContent, tran_amt: String(t.amount), after_balance_amt: String(t.afterBalance), branch_name: t.branchName,
    })),
  });
}

// ---- control: POST /__sandbox/bank-deposits ----

/** `{ amount, depositorName, at? }`: a deposit to the demo account holder's seeded account (at: ISO instant, default now). */
export function bankDeposit(state: SandboxState, body: Record<string, unknown>): Reply {
  const { amount, depositorName, at } = body;
  if (typeof amount !== 'number' || !Number.isInteger(amount) || amount <= 0 || amount > 1e12) {
    return json(400, { error: `amount must be a positive whole number of won, but got ${JSON.stringify(amount)}` });
  }
  if (typeof depositorName !== 'string' || !depositorName.trim() || depositorName.length > 20) {
    return json(400, { error: `depositorName must be a non-empty string of at most 20 characters, but got ${JSON.stringify(depositorName)}` });
  }
  const when = at === undefined ? state.clock.now() : typeof at === 'string' ? Date.parse(at) : NaN;
  if (!Number.isFinite(when)) return json(400, { error: `at must be an ISO instant, but got ${JSON.stringify(at)}` });
  const account = openbankingStore(state).accounts.get(DEMO_FINTECH_USE_NUM)!;
  const tx = addTransaction(account, { at: when, deposit: true, tranType: '타행이체', printContent: depositorName, amount, branchName: '' });
  return json(200, { fintechUseNum: account.fintechUseNum, tranDate: kstCompactDate(tx.at), afterBalance: tx.afterBalance });
}

export function openbankingAdapter(state: SandboxState): ProviderAdapter {
  return {
    provider: 'openbanking',
    base: '/openbanking',
    routes: [
      { method: 'GET', path: '/oauth/2.0/authorize', handle: (req) => authorize(state, req) },
      // The form posts back here (KFTC's page posts to its own authentication steps, then redirects).
      { method: 'POST', path: '/oauth/2.0/authorize', handle: (req) => consent(state, req) },
      { method: 'POST', path: '/oauth/2.0/token', handle: (req) => token(state, req) },
      { method: 'GET', path: '/v2.0/account/list', handle: authorized(state, 'login', (req, t) => accountList(state, req, t)) },
      { method: 'GET', path: '/v2.0/account/transaction_list/fin_num', handle: authorized(state, 'inquiry', (req, t) => transactionList(state, req, t)) },
    ],
    credentialOf: (req) => bearerToken(req.headers.authorization) ?? new URLSearchParams(req.body).get('client_id') ?? undefined,
    faultReply(kind) {
      // README "Rate limit" (UNVERIFIED): KFTC's gateway answers 429 with an O-code.
      if (kind === 'rate_limit') return refuse(state, 429, 'O0005', '요청 한도 초과', { 'retry-after': '1' });
      if (kind === 'server_error') return refuse(state, 500, 'A0001', '처리중 에러');
      return refuse(state, 401, 'O0001', '인증요청 거부');
    },
    notFound: () => refuse(state, 404, 'A0004', '요청전문 포맷 에러-존재하지 않는 API'),
  };
}

function seed(state: SandboxState): void {
  const store = openbankingStore(state);
  openbankingModule.registerCredentials(state, { ...DEMO_OPENBANKING_CREDENTIALS });
  store.users.set(DEMO_USER_SEQ_NO, { userSeqNo: DEMO_USER_SEQ_NO, name: '김오픈', accounts: [DEMO_FINTECH_USE_NUM] });
  const account: Account = {
    fintechUseNum: DEMO_FINTECH_USE_NUM, bankCode: '088', bankName: '신한은행', numberMasked: '110-123-******', alias: '쇼핑몰 입금계좌',
    holderName: '김오픈', balance: 1_000_000, transactions: [],
  };
  store.accounts.set(account.fintechUseNum, account);
  const day = 86_400_000;
  const now = state.clock.now();
  addTransaction(account, { at: now - 3 * day, deposit: false, tranType: '출금', printContent: '택배비', amount: 35_000, branchName: '강남' });
  addTransaction(account, { at: now - 2 * day, deposit: false, tranType: '자동이체', printContent: '임대료', amount: 500_000, branchName: '' });
}

export const openbankingModule: SandboxModule<typeof DEMO_OPENBANKING_CREDENTIALS> = {
  provider: 'openbanking',
  credentialFields: ['clientId', 'clientSecret'],
  demoCredentials: DEMO_OPENBANKING_CREDENTIALS,
  demoKeyByDefault: false,
  registerCredentials: (state, { clientId, clientSecret, redirectUri, orgCode }) =>
    void openbankingStore(state).apps.set(clientId, { clientId, clientSecret, orgCode: orgCode ?? DEMO_ORG_CODE, redirectUris: redirectUri ? [redirectUri] : DEFAULT_REDIRECT_URIS }),
  adapter: openbankingAdapter,
  consent: (authorizeUrl) => consentAsAccountHolder(authorizeUrl),
  seed,
  control: { '/__sandbox/bank-deposits': bankDeposit },
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
