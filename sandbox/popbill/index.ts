// Popbill 전자세금계산서 and its LinkHub token service, providers/popbill/README.md ("Auth", "RegistIssue", "GetInfo",
// "CancelIssue", "NTS filing", "Errors"). Both hosts are imitated under one base path: their paths do not meet
// (LinkHub: /{ServiceID}/Token; Popbill: /Taxinvoice/…).
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { json, parseJsonObject, type ProviderAdapter, type Reply, type SandboxRequest } from '../http';
import { moduleState, type SandboxModule } from '../modules';
import { stableHex } from '../prng';
import type { SandboxState } from '../state';
import { DEMO_POPBILL_CREDENTIALS } from './demo';

const LINKHUB_VERSION = '2.0';
const SERVICE_IDS = new Set(['POPBILL', 'POPBILL_TEST']);
const TOKEN_TTL_MS = 3600_000;
/** How far x-lh-date may be from the sandbox's wall clock (LinkHub refuses a skewed machine clock). */
const MAX_SKEW_MS = 5 * 60_000;
/** Issued invoices are filed to the NTS this long after issue on the sandbox clock (`POST /__sandbox/clock` moves it). */
export const NTS_SEND_DELAY_MS = 10 * 60_000;
const MGT_KEY = /^[A-Za-z0-9_-]{1,24}$/;

interface Token { corpNum: string; linkId: string; serviceId: string; scopes: string[]; expiresAt: number }
interface Invoice {
  corpNum: string; mgtKey: string; itemKey: string; stateCode: number; ntsconfirmNum: string;
  issuedAt: number; ntsSendAt: number; ntsresult: string | null; ntssendDT: string | null; cancelledAt: number | null;
  body: Record<string, unknown>;
}
interface PopbillState { secrets: Map<string, string>; tokens: Map<string, Token>; invoices: Map<string, Invoice>; seq: number }

const store = (state: SandboxState) => moduleState<PopbillState>(state, 'popbill', () => ({ secrets: new Map(), tokens: new Map(), invoices: new Map(), seq: 0 }));

/** Popbill's error body; its documented refusals come with HTTP 400 (README "Errors"). */
const fail = (code: number, message: string, status = 400): Reply => json(status, { code, message });

// LinkHub's token refusals (README "Errors", codes UNVERIFIED).
const LINK_AUTH_FAILED = () => fail(-99010002, '링크허브 인증에 실패하였습니다.', 401);
const TOKEN_INVALID = () => fail(-99010004, '인증토큰이 유효하지 않습니다.', 401);
// Popbill's taxinvoice refusals (developers.popbill.com taxinvoice error codes).
const NOT_FOUND = () => fail(-11000005, '문서번호가 존재하지 않습니다.');
const DUPLICATE_MGT_KEY = () => fail(-11000016, '이미 사용중인 문서번호입니다.');
const CORP_MISMATCH = () => fail(-11001000, '사용자의 사업자번호와 세금계산서의 사업자번호가 일치하지 않습니다.');
const BAD_INVOICEE_CORPNUM = () => fail(-11001027, '공급받는자 사업자등록번호가 올바르지 않습니다.');
const NOT_CANCELLABLE = () => fail(-11002001, '발행취소 할 수 없는 상태입니다.');

const kstDate = (ms: number) => new Date(ms + 9 * 3600_000).toISOString();
/** `20260115143000` (yyyyMMddHHmmss, KST): Popbill's DT fields. */
const popbillDT = (ms: number) => kstDate(ms).slice(0, 19).replace(/[-T:]/g, '');

/** LinkHub's signature: HMAC-SHA256 (key = base64-decoded secret) over method, body digest, date, [forwarded IP,] version, path. */
function linkhubSignature(secret: string, req: SandboxRequest, uri: string): string {
  const bodyDigest = createHash('sha256').update(req.body).digest('base64');
  const forwarded = req.headers['x-lh-forwarded'];
  const target = `POST\n${bodyDigest}\n${String(req.headers['x-lh-date'])}\n${forwarded ? `${String(forwarded)}\n` : ''}${LINKHUB_VERSION}\n${uri}`;
  return createHmac('sha256', Buffer.from(secret, 'base64')).update(target).digest('base64');
}

function issueToken(state: SandboxState, req: SandboxRequest): Reply {
  const serviceId = req.params.serviceId;
  if (!SERVICE_IDS.has(serviceId)) return fail(-99010001, '서비스 아이디가 올바르지 않습니다.', 400);
  const auth = /^LINKHUB (\S+) (\S+)$/.exec(req.headers.authorization ?? '');
  const secret = auth ? store(state).secrets.get(auth[1]) : undefined;
  if (!auth || !secret || req.headers['x-lh-version'] !== LINKHUB_VERSION) return LINK_AUTH_FAILED();
  const date = Date.parse(String(req.headers['x-lh-date'] ?? ''));
  if (!Number.isFinite(date) || Math.abs(date - Date.now()) > MAX_SKEW_MS) return fail(-99010005, '요청 시간이 올바르지 않습니다.', 401);
  const expected = Buffer.from(linkhubSignature(secret, req, `/${serviceId}/Token`));
  const given = Buffer.from(auth[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return LINK_AUTH_FAILED();
  const body = parseJsonObject(req.body);
  const corpNum = typeof body?.access_id === 'string' ? body.access_id : '';
  const scopes = Array.isArray(body?.scope) ? body.scope.map(String) : [];
  if (!/^\d{10}$/.test(corpNum)) return fail(-99010003, '사업자번호(access_id)가 올바르지 않습니다.', 400);
  const sessionToken = randomBytes(24).toString('hex');
  const expiresAt = Date.now() + TOKEN_TTL_MS;
  store(state).tokens.set(sessionToken, { corpNum, linkId: auth[1], serviceId, scopes, expiresAt });
  return json(200, {
    session_token: sessionToken, serviceID: serviceId, linkID: auth[1], usercode: corpNum, ipaddress: '*',
    expiration: new Date(expiresAt).toISOString(), scope: scopes,
  });
}

function bearer(req: SandboxRequest): string | undefined {
  return /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
}

/** Popbill calls need a live LinkHub token with the taxinvoice scope (110). */
function withToken(state: SandboxState, handler: (req: SandboxRequest, token: Token) => Reply) {
  return (req: SandboxRequest): Reply => {
    const value = bearer(req);
    const token = value ? store(state).tokens.get(value) : undefined;
    if (!token || token.expiresAt < Date.now() || !token.scopes.includes('110')) return TOKEN_INVALID();
    return handler(req, token);
  };
}

/** An issued invoice reaches the NTS once the sandbox clock passes its send time (README "NTS filing"). */
function settle(state: SandboxState, invoice: Invoice): Invoice {
  if (invoice.stateCode === 300 && state.clock.now() >= invoice.ntsSendAt) {
    invoice.stateCode = 304;
    invoice.ntsresult = 'SUC001';
    invoice.ntssendDT = popbillDT(invoice.ntsSendAt);
  }
  return invoice;
}

function present(invoice: Invoice) {
  const b = invoice.body;
  return {
    itemKey: invoice.itemKey,
    taxType: b.taxType ?? '과세',
    writeDate: b.writeDate,
    regDT: popbillDT(invoice.issuedAt),
    invoicerCorpName: b.invoicerCorpName,
    invoicerCorpNum: b.invoicerCorpNum,
    invoicerMgtKey: invoice.mgtKey,
    invoiceeCorpName: b.invoiceeCorpName,
    invoiceeCorpNum: b.invoiceeCorpNum,
    supplyCostTotal: String(b.supplyCostTotal),
    taxTotal: String(b.taxTotal),
    purposeType: b.purposeType,
    issueType: b.issueType,
    issueDT: popbillDT(invoice.issuedAt),
    stateCode: invoice.stateCode,
    stateDT: popbillDT(invoice.cancelledAt ?? invoice.issuedAt),
    openYN: false,
    ntsconfirmNum: invoice.ntsconfirmNum,
    ntsresult: invoice.ntsresult,
    ntssendDT: invoice.ntssendDT,
    ntsresultDT: invoice.ntssendDT,
    ntssendErrCode: null,
    stateMemo: null,
    lateIssueYN: false,
    interOPYN: false,
  };
}

const amount = (value: unknown) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : NaN);

function registIssue(state: SandboxState, req: SandboxRequest, token: Token): Reply {
  if (String(req.headers['x-http-method-override'] ?? '') !== 'ISSUE') return fail(-99999999, '지원하지 않는 요청입니다.');
  const body = parseJsonObject(req.body);
  if (!body) return fail(-11001099, '세금계산서 정보가 입력되지 않았습니다.');
  const mgtKey = typeof body.invoicerMgtKey === 'string' ? body.invoicerMgtKey : '';
  if (!MGT_KEY.test(mgtKey)) return fail(-11001020, '문서번호가 올바르지 않습니다.');
  if (body.invoicerCorpNum !== token.corpNum) return CORP_MISMATCH();
  if (typeof body.invoiceeCorpNum !== 'string' || !/^\d{10}$/.test(body.invoiceeCorpNum)) return BAD_INVOICEE_CORPNUM();
  if (typeof body.writeDate !== 'string' || !/^\d{8}$/.test(body.writeDate)) return fail(-11001001, '작성일자가 입력되지 않았습니다.');
  const supply = amount(body.supplyCostTotal);
  const tax = amount(body.taxTotal);
  if (!Number.isFinite(supply) || !Number.isFinite(tax)) return fail(-11001040, '공급가액 합계 또는 세액 합계가 올바르지 않습니다.');
  if (body.totalAmount !== undefined && amount(body.totalAmount) !== supply + tax) return fail(-11001042, '합계금액이 공급가액과 세액의 합과 일치하지 않습니다.');
  const s = store(state);
  const key = `${token.corpNum}:${mgtKey}`;
  if (s.invoices.has(key)) return DUPLICATE_MGT_KEY();
  s.seq += 1;
  const now = state.clock.now();
  const ntsconfirmNum = `${body.writeDate}4100${stableHex(`popbill-nts:${key}:${s.seq}`, 12)}`;
  s.invoices.set(key, {
    corpNum: token.corpNum, mgtKey, itemKey: `0${popbillDT(now).slice(2)}${String(s.seq).padStart(5, '0')}`,
    stateCode: 300, ntsconfirmNum, issuedAt: now, ntsSendAt: now + NTS_SEND_DELAY_MS,
    ntsresult: null, ntssendDT: null, cancelledAt: null, body,
  });
  return json(200, { code: 1, message: '발행 되었습니다.', ntsConfirmNum: ntsconfirmNum });
}

function getInfo(state: SandboxState, req: SandboxRequest, token: Token): Reply {
  if (req.params.keyType !== 'SELL') return fail(-11000005, '문서번호가 존재하지 않습니다.');
  const invoice = store(state).invoices.get(`${token.corpNum}:${req.params.mgtKey}`);
  return invoice ? json(200, present(settle(state, invoice))) : NOT_FOUND();
}

function cancelIssue(state: SandboxState, req: SandboxRequest, token: Token): Reply {
  if (String(req.headers['x-http-method-override'] ?? '') !== 'CANCELISSUE') return fail(-99999999, '지원하지 않는 요청입니다.');
  const invoice = req.params.keyType === 'SELL' ? store(state).invoices.get(`${token.corpNum}:${req.params.mgtKey}`) : undefined;
  if (!invoice) return NOT_FOUND();
  // Only an issued invoice not yet filed to the NTS can be cancelled; a filed one needs a 수정세금계산서.
  if (settle(state, invoice).stateCode !== 300) return NOT_CANCELLABLE();
  invoice.stateCode = 600;
  invoice.cancelledAt = state.clock.now();
  return json(200, { code: 1, message: '발행취소 되었습니다.' });
}

export function popbillAdapter(state: SandboxState): ProviderAdapter {
  return {
    provider: 'popbill',
    base: '/popbill',
    routes: [
      { method: 'POST', path: '/{serviceId}/Token', handle: (req) => issueToken(state, req) },
      { method: 'POST', path: '/Taxinvoice', handle: withToken(state, (req, token) => registIssue(state, req, token)) },
      { method: 'GET', path: '/Taxinvoice/{keyType}/{mgtKey}', handle: withToken(state, (req, token) => getInfo(state, req, token)) },
      { method: 'POST', path: '/Taxinvoice/{keyType}/{mgtKey}', handle: withToken(state, (req, token) => cancelIssue(state, req, token)) },
    ],
    // The LinkID on token requests, the session token on Popbill calls: never the secret key itself.
    credentialOf: (req) => /^LINKHUB (\S+) /.exec(req.headers.authorization ?? '')?.[1] ?? bearer(req),
    faultReply(kind) {
      if (kind === 'rate_limit') return fail(-99999999, '요청이 너무 많습니다. 잠시 후 다시 시도하세요.', 429);
      if (kind === 'server_error') return fail(-99999999, '서버 오류가 발생했습니다.', 500);
      return TOKEN_INVALID();
    },
    notFound: () => fail(-99999999, '요청한 경로가 존재하지 않습니다.', 404),
  };
}

export const popbillModule: SandboxModule<typeof DEMO_POPBILL_CREDENTIALS> = {
  provider: 'popbill',
  credentialFields: ['linkId', 'secretKey', 'corpNum', 'corpName', 'ceoName'],
  demoCredentials: DEMO_POPBILL_CREDENTIALS,
  demoKeyByDefault: false,
  registerCredentials: (state, { linkId, secretKey }) => void store(state).secrets.set(linkId, secretKey),
  adapter: popbillAdapter,
  seed: (state) => popbillModule.registerCredentials(state, { ...DEMO_POPBILL_CREDENTIALS }),
};
