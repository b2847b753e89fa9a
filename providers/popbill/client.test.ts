import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_CREDENTIALS } from '../../sandbox/demo';
import { ProviderError } from '../errors';
import { expectDocumentedShape, fixture, loadFixtures } from '../test-support/fixtures';
import { startTestSandbox, type RunningSandbox } from '../test-support/sandbox';
import { PopbillClient, authUrlFor, isTestBed } from './client';
import type { PopbillTaxinvoice } from './types';

const FIXTURES = loadFixtures('popbill');
const demo = DEMO_CREDENTIALS.popbill;
const documentedInvoice = fixture('popbill', 'regist-issue').request!.body as PopbillTaxinvoice;

const invoice = (mgtKey: string, over: Partial<PopbillTaxinvoice> = {}): PopbillTaxinvoice => ({
  ...documentedInvoice, invoicerCorpNum: demo.corpNum, invoicerMgtKey: mgtKey, ...over,
});

/** Answers each documented request with its documented response, as Popbill and LinkHub would. */
async function serveFixtures(): Promise<{ url: string; server: Server; seen: Array<{ method?: string; url?: string; override?: string | string[] }> }> {
  const seen: Array<{ method?: string; url?: string; override?: string | string[] }> = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, override: req.headers['x-http-method-override'] });
      const path = req.url?.split('?')[0];
      const found = FIXTURES.find(({ fixture: f }) => f.request && f.request.method === req.method && f.request.path === path);
      res.writeHead(found?.fixture.response.status ?? 400, { 'content-type': 'application/json;charset=utf-8' });
      res.end(JSON.stringify(found?.fixture.response.body ?? { code: -11000005, message: '문서번호가 존재하지 않습니다.' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, seen };
}

describe('where the SDK is pointed', () => {
  it('uses LinkHub auth for Popbill hosts and the given host for anything else; only production hosts are not the test bed', () => {
    expect(authUrlFor('https://popbill.linkhub.co.kr')).toBe('https://auth.linkhub.co.kr');
    expect(authUrlFor('https://popbill-test.linkhub.co.kr')).toBe('https://auth.linkhub.co.kr');
    expect(authUrlFor('http://127.0.0.1:4010/popbill/')).toBe('http://127.0.0.1:4010/popbill');
    expect(isTestBed('https://popbill.linkhub.co.kr')).toBe(false);
    expect(isTestBed('https://popbill-test.linkhub.co.kr')).toBe(true);
    expect(isTestBed('http://127.0.0.1:4010/popbill')).toBe(true);
  });
});

describe('PopbillClient reads the documented examples', () => {
  let served: Awaited<ReturnType<typeof serveFixtures>>;
  let client: PopbillClient;
  beforeAll(async () => {
    served = await serveFixtures();
    client = new PopbillClient({ baseUrl: served.url, linkId: 'TESTER', secretKey: Buffer.from('documented').toString('base64'), corpNum: '1234567890' });
  });
  afterAll(() => new Promise<void>((resolve) => served.server.close(() => resolve())));

  it('issues, reads, cancels and reads "no such document" as null, through the SDK', async () => {
    await expect(client.registIssue(documentedInvoice)).resolves.toMatchObject({ code: 1, ntsConfirmNum: '20240115410000203e8f0b21' });
    await expect(client.getInfo('OG-demo-20240115-0001')).resolves.toMatchObject({ stateCode: 304, ntsconfirmNum: '20240115410000203e8f0b21', ntsresult: 'SUC001' });
    await expect(client.getInfo('opsgraph-key-test')).resolves.toBeNull();
    await expect(client.cancelIssue('OG-demo-20240115-0001', '주문 취소')).resolves.toEqual({ code: 1, message: '발행취소 되었습니다.' });
    // The documented token expired long ago, so each call asks LinkHub for a new one first; the SDK's method
    // overrides reach the wire.
    expect(served.seen.map((r) => r.url)).toEqual([
      '/POPBILL_TEST/Token', '/Taxinvoice', '/POPBILL_TEST/Token', '/Taxinvoice/SELL/OG-demo-20240115-0001',
      '/POPBILL_TEST/Token', '/Taxinvoice/SELL/opsgraph-key-test', '/POPBILL_TEST/Token', '/Taxinvoice/SELL/OG-demo-20240115-0001',
    ]);
    expect(served.seen.find((r) => r.url === '/Taxinvoice')?.override).toBe('ISSUE');
    expect(served.seen.find((r) => r.method === 'POST' && r.url === '/Taxinvoice/SELL/OG-demo-20240115-0001')?.override).toBe('CANCELISSUE');
  });
});

describe('PopbillClient against the sandbox', () => {
  let sandbox: RunningSandbox;
  let client: PopbillClient;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
    client = new PopbillClient({ baseUrl: `${sandbox.url}/popbill`, linkId: demo.linkId, secretKey: demo.secretKey, corpNum: demo.corpNum });
  });
  afterAll(() => sandbox.close());

  it('answers in the documented shapes: token, RegistIssue, GetInfo, not found, CancelIssue', async () => {
    const issued = await client.registIssue(invoice('OG-shape-1'));
    expectDocumentedShape(issued, fixture('popbill', 'regist-issue').response.body);
    expect(issued.ntsConfirmNum).toMatch(/^\d{8}\w{16}$/);
    expectDocumentedShape((client as unknown as { token: unknown }).token, fixture('popbill', 'linkhub-token').response.body);
    const info = await client.getInfo('OG-shape-1');
    expectDocumentedShape(info, fixture('popbill', 'get-info').response.body, { nullable: ['ntsresult', 'ntssendDT', 'ntsresultDT'] });
    expect(info).toMatchObject({ stateCode: 300, ntsresult: null, ntsconfirmNum: issued.ntsConfirmNum, supplyCostTotal: '100000', taxTotal: '10000' });
    const missing = await client.cancelIssue('no-such-key', 'x').catch((e: unknown) => e);
    expect(missing).toMatchObject({ provider: 'popbill', kind: 'not_found', providerCode: '-11000005' });
    const session = (client as unknown as { token: { session_token: string } }).token.session_token;
    const raw = await fetch(`${sandbox.url}/popbill/Taxinvoice/SELL/opsgraph-key-test`, { headers: { authorization: `Bearer ${session}` } });
    expect(raw.status).toBe(fixture('popbill', 'get-info-not-found').response.status);
    expectDocumentedShape(await raw.json(), fixture('popbill', 'get-info-not-found').response.body);
    expectDocumentedShape(await client.cancelIssue('OG-shape-1', '주문 취소'), fixture('popbill', 'cancel-issue').response.body);
    await expect(client.getInfo('OG-shape-1')).resolves.toMatchObject({ stateCode: 600 });
    // A live token is reused: one LinkHub call for these Popbill calls.
    expect((await sandbox.calls('popbill')).byEndpoint['POST /{serviceId}/Token']).toBe(1);
  });

  it('refuses a management key already used, and files to the NTS after the delay; a filed invoice cannot be cancelled', async () => {
    await client.registIssue(invoice('OG-nts-1'));
    const duplicate = await client.registIssue(invoice('OG-nts-1')).catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(ProviderError);
    expect(duplicate).toMatchObject({ kind: 'bad_request', status: 400, providerCode: '-11000016' });
    await expect(client.getInfo('OG-nts-1')).resolves.toMatchObject({ stateCode: 300, ntsresult: null });
    await sandbox.control('clock', { advanceMs: 10 * 60_000 });
    await expect(client.getInfo('OG-nts-1')).resolves.toMatchObject({ stateCode: 304, ntsresult: 'SUC001' });
    await expect(client.cancelIssue('OG-nts-1', 'late')).rejects.toMatchObject({ kind: 'bad_request', providerCode: '-11002001' });
  });

  it('refuses a bad buyer registration number, another seller, and a LinkHub signature made with another secret', async () => {
    await expect(client.registIssue(invoice('OG-bad-1', { invoiceeCorpNum: '12-34' }))).rejects.toMatchObject({ kind: 'bad_request', providerCode: '-11001027' });
    await expect(client.registIssue(invoice('OG-bad-2', { invoicerCorpNum: '9999999999' }))).rejects.toMatchObject({ providerCode: '-11001000' });
    const wrong = new PopbillClient({ baseUrl: `${sandbox.url}/popbill`, linkId: demo.linkId, corpNum: demo.corpNum, secretKey: Buffer.from('another secret').toString('base64') });
    const refused = await wrong.getInfo('OG-nts-1').catch((e: unknown) => e);
    expect(refused).toMatchObject({ kind: 'auth', status: 401 });
    expect(String((refused as Error).message)).not.toContain(demo.secretKey);
    const calls = await sandbox.calls('popbill');
    expect(calls.byEndpoint['POST /{serviceId}/Token']).toBeGreaterThanOrEqual(2);
  });

  it('reads an injected 429 as rate_limited', async () => {
    await sandbox.control('faults', { provider: 'popbill', kind: 'rate_limit', count: 1 });
    await expect(client.getInfo('OG-nts-1')).rejects.toMatchObject({ kind: 'rate_limited', status: 429 });
  });
});
