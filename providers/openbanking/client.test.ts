// KFTC Open Banking (providers/openbanking/README.md): the client parses every documented answer (fixtures/), the
// sandbox answers the documented requests in the documented shapes, and against the sandbox: the consent form and
// token exchange, paging by befor_inquiry_trace_info, a duplicate bank_tran_id refused as KFTC does, refresh of an
// expired token, secrets kept out of errors.
import { DEMO_OPENBANKING_CREDENTIALS } from '../../sandbox/openbanking/demo';
import { ProviderError } from '../errors';
import { expectDocumentedShape, fixture, loadFixtures } from '../test-support/fixtures';
import { replayServer } from '../test-support/replay';
import { startTestSandbox, type RunningSandbox } from '../test-support/sandbox';
import { openbanking } from './descriptor';
import {
  MemoryOpenBankingTokenStore, OpenBankingClient, bankTranId, exchangeOpenBankingCode, openbankingAuthorizeUrl, type OpenBankingOAuthConfig,
} from './client';
import type { OpenBankingTokens } from './types';

const REDIRECT = 'http://localhost:4000/oauth/openbanking/callback';
const later = (): OpenBankingTokens => ({ accessToken: 'at', refreshToken: 'rt', userSeqNo: '1100034736', scope: 'login inquiry', accessTokenExpiresAt: new Date(Date.now() + 86_400_000).toISOString() });
let seq = 0;
const nextId = () => Promise.resolve(bankTranId('M202600001', ++seq));

test('every fixture names its documentation page', () => {
  expect(loadFixtures('openbanking').map((f) => f.name)).toEqual(['account-list', 'token-authorization-code', 'token-expired', 'transaction-list']);
});

describe('the client parses the documented answers', () => {
  test('token, account list, transaction list, expired token', async () => {
    let replay = await replayServer(fixture('openbanking', 'token-authorization-code'));
    try {
      const tokens = await exchangeOpenBankingCode({ baseUrl: replay.url, clientId: 'cid', clientSecret: 'csecret', redirectUri: REDIRECT }, 'the-code');
      expect(tokens).toMatchObject({ userSeqNo: '1100034736', scope: 'login inquiry', refreshToken: expect.stringMatching(/^eyJ/) });
      expect(Date.parse(tokens.accessTokenExpiresAt) - Date.now()).toBeGreaterThan(89 * 86_400_000);
      expect(Object.fromEntries(new URLSearchParams(replay.requests[0].body))).toEqual({
        code: 'the-code', client_id: 'cid', client_secret: 'csecret', redirect_uri: REDIRECT, grant_type: 'authorization_code',
      });
    } finally {
      await replay.close();
    }
    replay = await replayServer(fixture('openbanking', 'account-list'));
    try {
      const client = new OpenBankingClient({ baseUrl: replay.url, clientId: 'cid', clientSecret: 's', tokens: new MemoryOpenBankingTokenStore(later()), nextBankTranId: nextId });
      const { accounts } = await client.accounts();
      expect(accounts[0]).toMatchObject({ fintech_use_num: '123456789012345678901234', account_num_masked: '000-1230000-***', bank_name: '오픈은행' });
      expect(replay.requests[0].url).toBe('/v2.0/account/list?user_seq_no=1100034736&include_cancel_yn=N&sort_order=D');
    } finally {
      await replay.close();
    }
    // The documented page says next_page_yn Y: the client follows with the trace and a new bank_tran_id (same answer
    // here, so it stops at its page limit; the sandbox test below shows the real end).
    replay = await replayServer(fixture('openbanking', 'transaction-list'));
    try {
      const client = new OpenBankingClient({ baseUrl: replay.url, clientId: 'cid', clientSecret: 's', tokens: new MemoryOpenBankingTokenStore(later()), nextBankTranId: nextId });
      const error = await client.transactions({ fintechUseNum: '123456789012345678901234', fromDate: '20160404', toDate: '20160405' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'bad_request' });
      const [first, second] = replay.requests.map((r) => new URL(r.url, 'http://x').searchParams);
      expect(first.get('befor_inquiry_trace_info')).toBeNull();
      expect(second.get('befor_inquiry_trace_info')).toBe('123');
      expect(first.get('bank_tran_id')).not.toBe(second.get('bank_tran_id'));
    } finally {
      await replay.close();
    }
    replay = await replayServer(fixture('openbanking', 'token-expired'));
    try {
      const store = new MemoryOpenBankingTokenStore(later());
      const client = new OpenBankingClient({ baseUrl: replay.url, clientId: 'cid', clientSecret: 'csecret', tokens: store, nextBankTranId: nextId });
      const error = await client.accounts().catch((e: unknown) => e);
      // Expired: one refresh (refused by the replay's same 401), then the grant is gone: consent again.
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({ kind: 'auth', providerCode: 'consent_required' });
      expect(store.refreshCount).toBe(1);
      expect(String((error as Error).message)).not.toContain('csecret');
    } finally {
      await replay.close();
    }
  });
});

describe('against the sandbox', () => {
  let sandbox: RunningSandbox;
  let config: OpenBankingOAuthConfig;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
    config = { baseUrl: `${sandbox.url}/openbanking`, ...DEMO_OPENBANKING_CREDENTIALS, redirectUri: REDIRECT };
  });
  afterAll(async () => {
    await sandbox.close();
  });

  async function connect(): Promise<OpenBankingTokens> {
    const authorize = openbankingAuthorizeUrl(config, 'st4te');
    const page = await fetch(authorize);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post"');
    const posted = await fetch(authorize, {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'user_name=%EA%B9%80&auth_code=1',
    });
    const location = new URL(posted.headers.get('location')!);
    expect(location.origin + location.pathname).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('st4te');
    const code = location.searchParams.get('code')!;
    const tokens = await exchangeOpenBankingCode(config, code);
    // A code is single-use.
    await expect(exchangeOpenBankingCode(config, code)).rejects.toMatchObject({ kind: 'auth', providerCode: 'O0001' });
    return tokens;
  }

  const client = (tokens: MemoryOpenBankingTokenStore, next = nextId) => new OpenBankingClient({ ...config, tokens, nextBankTranId: next });

  test('the documented requests get answers of the documented shapes', async () => {
    const tokens = await connect();
    expectDocumentedShape(tokens, { accessToken: '', refreshToken: '', userSeqNo: '', scope: '', accessTokenExpiresAt: '' });
    const ask = async (name: string, query: Record<string, string>) => {
      const f = fixture('openbanking', name);
      const res = await fetch(`${config.baseUrl}${f.request!.path}?${new URLSearchParams({ ...f.request!.query, ...query }).toString()}`, { headers: { authorization: `Bearer ${tokens.accessToken}` } });
      expect(res.status).toBe(f.response.status);
      return { body: (await res.json()) as Record<string, unknown>, documented: f.response.body };
    };
    const list = await ask('account-list', { user_seq_no: tokens.userSeqNo });
    expectDocumentedShape(list.body, list.documented);
    const fintech = (list.body.res_list as Array<{ fintech_use_num: string }>)[0].fintech_use_num;
    await sandbox.control('bank-deposits', { amount: 450_000, depositorName: '홍길동', at: '2016-04-04T02:30:00Z' });
    const page = await ask('transaction-list', { fintech_use_num: fintech, bank_tran_id: bankTranId('M202600001', 900_000_001) });
    expectDocumentedShape(page.body, page.documented);
    const expired = await fetch(`${config.baseUrl}/v2.0/account/list?user_seq_no=${tokens.userSeqNo}`, { headers: { authorization: 'Bearer not-a-token' } });
    expect(expired.status).toBe(401);
    expectDocumentedShape(await expired.json(), fixture('openbanking', 'token-expired').response.body);
  });

  test('paging follows befor_inquiry_trace_info to the end, one new bank_tran_id per page; a duplicate bank_tran_id is refused', async () => {
    const tokens = new MemoryOpenBankingTokenStore(await connect());
    const c = client(tokens);
    const fintech = (await c.accounts()).accounts[0].fintech_use_num;
    for (let i = 0; i < 60; i += 1) await sandbox.control('bank-deposits', { amount: 100 + i, depositorName: `입금${i}`, at: `2026-03-0${1 + (i % 3)}T01:00:${String(i % 60).padStart(2, '0')}Z` });
    const { transactions } = await c.transactions({ fintechUseNum: fintech, fromDate: '20260301', toDate: '20260303' });
    expect(c.lastPageCount).toBe(3);
    expect(transactions).toHaveLength(60);
    expect(new Set(transactions.map((t) => t.print_content)).size).toBe(60);
    const deposits = await c.transactions({ fintechUseNum: fintech, fromDate: '20260302', toDate: '20260302', inquiryType: 'I' });
    expect(deposits.transactions).toHaveLength(20);

    const same = bankTranId('M202600001', 777_000_001);
    const dup = client(tokens, () => Promise.resolve(same));
    await dup.transactions({ fintechUseNum: fintech, fromDate: '20260301', toDate: '20260301' });
    await expect(dup.transactions({ fintechUseNum: fintech, fromDate: '20260301', toDate: '20260301' })).rejects.toMatchObject({ kind: 'bad_request', providerCode: 'A0007' });
    // Another institution's code is refused too.
    await expect(client(tokens, () => Promise.resolve(bankTranId('X000000000', 1))).transactions({ fintechUseNum: fintech, fromDate: '20260301', toDate: '20260301' }))
      .rejects.toMatchObject({ providerCode: 'A0004' });
  });

  test('an expired access token is refreshed once by concurrent callers, and the refresh token is single-use', async () => {
    const first = await connect();
    const store = new MemoryOpenBankingTokenStore(first);
    await sandbox.control('clock', { advanceMs: 91 * 86_400_000 });
    try {
      const results = await Promise.all([1, 2, 3].map(() => client(store).accounts()));
      for (const r of results) expect(r.accounts).toHaveLength(1);
      expect(store.refreshCount).toBe(1);
      const { refreshOpenBankingToken } = await import('./client');
      await expect(refreshOpenBankingToken(config, first.refreshToken)).rejects.toMatchObject({ kind: 'auth', providerCode: 'consent_required' });
    } finally {
      await sandbox.control('reset', {});
    }
  });

  test('the probe lists accounts with a session and says consent is needed without one; bad credentials are auth errors', async () => {
    const tokens = await connect();
    let stored: unknown = tokens;
    const session = { read: <S>() => Promise.resolve(stored as S), update: async <S>(u: (c: S | null) => Promise<S>) => (stored = await u(stored as S)) as S };
    await expect(openbanking.probe({ baseUrl: config.baseUrl, credentials: { ...DEMO_OPENBANKING_CREDENTIALS }, settings: { openbankingRedirectUri: REDIRECT }, session })).resolves.toBeDefined();
    await expect(openbanking.probe({ baseUrl: config.baseUrl, credentials: { ...DEMO_OPENBANKING_CREDENTIALS }, settings: {} })).rejects.toMatchObject({ providerCode: 'consent_required' });
    const wrong = await exchangeOpenBankingCode({ ...config, clientSecret: 'wrong-secret-xyz' }, 'code').catch((e: unknown) => e);
    expect(wrong).toMatchObject({ kind: 'auth', status: 401 });
    expect(String((wrong as Error).message)).not.toContain('wrong-secret-xyz');
  });
});
