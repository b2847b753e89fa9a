// Marketplace settlements through the gateway (issue 14): settlements(marketplace, from, to) for Naver, Coupang and 11st,
// each read through the tenant's key from the marketplace's settlement API in the sandbox, summed the same way the
// marketplace's own rows add up; Cafe24 (the own mall) is refused.
import { CoupangRevenueClient } from '../providers/coupang';
import { ElevenstSettlementClient } from '../providers/elevenst';
import { NaverSettleClient } from '../providers/naver';
import { DEMO_CREDENTIALS } from '../sandbox/demo';
import { operation, startTestStack, type TestStack } from './helpers/stack';

const TENANT = 'settlements-tenant';
const kstDay = (offsetDays: number) => new Date(Date.now() + 9 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
const FROM = kstDay(-40);
const TO = kstDay(0);

interface Row {
  marketplace: string; settlementDate: string; periodStart: string; periodEnd: string; status: string;
  grossSales: { amount: number; currency: string }; commission: { amount: number }; deductions: { amount: number }; netPayout: { amount: number; currency: string };
}

let stack: TestStack;
let viewer: string;

beforeAll(async () => {
  stack = await startTestStack();
  await stack.keyring.addKey({ tenantId: TENANT, provider: 'NAVER', label: 'sandbox naver', credentials: DEMO_CREDENTIALS.naver });
  await stack.keyring.addKey({ tenantId: TENANT, provider: 'COUPANG', label: 'sandbox coupang', credentials: DEMO_CREDENTIALS.coupang });
  await stack.keyring.addKey({ tenantId: TENANT, provider: 'ELEVENST', label: 'sandbox 11st', credentials: DEMO_CREDENTIALS.elevenst });
  viewer = await stack.token(TENANT, ['viewer']);
});
afterAll(async () => {
  await stack?.close();
});

async function settlementsOf(marketplace: string, from = FROM, to = TO) {
  return stack.request(operation('Settlements'), { marketplace, from, to }, viewer);
}

async function rowsOf(marketplace: string): Promise<Row[]> {
  const result = await settlementsOf(marketplace);
  expect(result.errors).toBeUndefined();
  const rows = result.data!.settlements as Row[];
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) {
    expect(row.marketplace).toBe(marketplace);
    expect(row.grossSales.amount - row.commission.amount - row.deductions.amount).toBe(row.netPayout.amount);
    expect(row.netPayout.currency).toBe('KRW');
    expect(row.periodStart <= row.periodEnd).toBe(true);
    expect(row.status).toBe(row.settlementDate <= TO ? 'PAID' : 'SCHEDULED');
  }
  expect(rows.map((r) => r.settlementDate)).toEqual([...rows.map((r) => r.settlementDate)].sort());
  return rows;
}

const sum = (rows: Row[], field: 'grossSales' | 'netPayout' | 'commission') => rows.reduce((total, r) => total + r[field].amount, 0);

test('Naver: one payout per basis day, as its daily settlements list them', async () => {
  const rows = await rowsOf('NAVER');
  const listed = await new NaverSettleClient({ baseUrl: `${stack.sandbox!.url}/naver`, ...DEMO_CREDENTIALS.naver }).daily(FROM, TO);
  expect(rows).toHaveLength(listed.length);
  expect(sum(rows, 'grossSales')).toBe(listed.reduce((t, r) => t + r.paySettleAmount!, 0));
  expect(sum(rows, 'netPayout')).toBe(listed.reduce((t, r) => t + r.settleAmount!, 0));
  expect(rows.some((r) => r.status === 'PAID') && rows.some((r) => r.status === 'SCHEDULED')).toBe(true);
});

test('Coupang: its revenue, over more than one 31-day query, summed per settlement date', async () => {
  const rows = await rowsOf('COUPANG');
  const client = new CoupangRevenueClient({ baseUrl: `${stack.sandbox!.url}/coupang`, ...DEMO_CREDENTIALS.coupang });
  const sales = [...(await client.revenueHistory(FROM, kstDay(-10))), ...(await client.revenueHistory(kstDay(-9), TO))];
  expect(rows.map((r) => r.settlementDate)).toEqual([...new Set(sales.map((s) => s.settlementDate))].sort());
  const net = sales.reduce((t, s) => t + s.items!.reduce((a, i) => a + i.settlementAmount!, 0) + (s.deliveryFee?.settlementAmount ?? 0), 0);
  expect(sum(rows, 'netPayout')).toBe(net);
  expect(sum(rows, 'commission')).toBeGreaterThan(0);
});

test('11st: its settled lines, over more than one 31-day query, summed per 송금예정일', async () => {
  const rows = await rowsOf('ELEVENST');
  const lines = await new ElevenstSettlementClient({ baseUrl: `${stack.sandbox!.url}/elevenst`, apiKey: DEMO_CREDENTIALS.elevenst.apiKey }).settlementList(FROM, TO);
  expect(sum(rows, 'netPayout')).toBe(lines.reduce((t, l) => t + Number(l.stlAmt), 0));
  expect(sum(rows, 'grossSales')).toBe(lines.reduce((t, l) => t + Number(l.selPrcAmt), 0));
});

test('Cafe24 has no marketplace settlement: BAD_USER_INPUT saying so', async () => {
  const result = await settlementsOf('CAFE24');
  expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('own mall') });
});

test('a range over 93 days or backwards is BAD_USER_INPUT; a tenant without the key is NO_PROVIDER_KEY', async () => {
  expect((await settlementsOf('NAVER', kstDay(-100), TO)).errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  expect((await settlementsOf('NAVER', TO, FROM)).errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  const stranger = await stack.token('settlements-stranger', ['viewer']);
  const result = await stack.request(operation('Settlements'), { marketplace: 'COUPANG', from: FROM, to: TO }, stranger);
  expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'NO_PROVIDER_KEY' } });
});
