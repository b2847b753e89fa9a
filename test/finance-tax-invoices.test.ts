// Tax invoices through Popbill end to end (issue 14, "Tax invoices"): issueTaxInvoice once per order under
// concurrent calls and after a lost answer, Order.taxInvoice following the NTS filing, cancelTaxInvoice, and Popbill's
// refusals as GraphQL errors. The gateway over HTTP, finance's table on real PostgreSQL, the key resolver on Redis,
// the provider sandbox (its counters say how often Popbill was asked to issue).
import { Client } from 'pg';
import { PopbillClient } from '../providers/popbill';
import { seedDemoKeys } from '../scripts/seed';
import { DEMO_POPBILL_CREDENTIALS } from '../sandbox/popbill/demo';
import { mgtKeyFor, validCorpNum } from '../subgraphs/finance/tax-invoices';
import { operation, startTestStack, type TestStack } from './helpers/stack';

const TENANT = 'tenant-taxinvoice';
const BUYER = { corpNum: '124-81-00998', corpName: '주식회사 바이어', ceoName: '이구매', email: 'tax@buyer.example' };
const REGIST_ISSUE = 'POST /Taxinvoice';
const ORDERS = `query { orders(first: 100, filter: { marketplace: CAFE24 }) { edges { node { id status total { amount currency } } } } }`;
const ISSUE = `
  mutation Issue($orderId: ID!, $buyer: TaxInvoiceBuyerInput) {
    issueTaxInvoice(orderId: $orderId, buyer: $buyer) {
      status ntsConfirmNumber mgtKey issuedAt supplyAmount { amount currency } taxAmount { amount } totalAmount { amount } order { id }
    }
  }`;
const CANCEL = `mutation Cancel($orderId: ID!) { cancelTaxInvoice(orderId: $orderId, reason: "주문 취소") { status ntsConfirmNumber } }`;
const SHOW = `
  query Show($id: ID!) {
    order(id: $id) { id total { amount } taxInvoice { status ntsConfirmNumber supplyAmount { amount } taxAmount { amount } totalAmount { amount } issuedAt } }
  }`;

interface OrderNode { id: string; status: string; total: { amount: number; currency: string } }

let stack: TestStack;
let operator: string;
let viewer: string;
let db: Client;
let paid: OrderNode[];
let unpaid: OrderNode[];

const registIssues = async () => (await stack.sandboxCalls()).popbill?.byEndpoint[REGIST_ISSUE] ?? 0;
const issue = (orderId: string, buyer: unknown = BUYER, token = operator) => stack.request(ISSUE, { orderId, buyer }, token);
const show = async (id: string) => {
  const result = await stack.request(SHOW, { id }, viewer);
  expect(result.errors).toBeUndefined();
  return result.data!.order as { total: { amount: number }; taxInvoice: Record<string, unknown> | null };
};
const rows = async (orderId: string) => (await db.query('SELECT status, mgt_key FROM tax_invoices WHERE tenant_id = $1 AND order_id = $2', [TENANT, orderId])).rows;

beforeAll(async () => {
  stack = await startTestStack();
  await seedDemoKeys(stack, TENANT);
  await stack.keyring.addKey({ tenantId: TENANT, provider: 'POPBILL', label: 'popbill', credentials: { ...DEMO_POPBILL_CREDENTIALS } });
  const admin = await stack.token(TENANT, ['admin']);
  [operator, viewer] = await Promise.all([stack.token(TENANT, ['operator'], 'operator-park'), stack.token(TENANT, ['viewer'])]);
  db = new Client({ connectionString: stack.database.url });
  await db.connect();
  const sync = await stack.request(operation('SyncOrders'), { marketplace: 'CAFE24' }, admin);
  expect(sync.errors).toBeUndefined();
  const all = ((await stack.request(ORDERS, {}, viewer)).data!.orders.edges as Array<{ node: OrderNode }>).map((e) => e.node);
  const PAID = ['PAID', 'PREPARING', 'SHIPPING', 'DELIVERED', 'PURCHASE_CONFIRMED'];
  paid = all.filter((o) => PAID.includes(o.status) && o.total.currency === 'KRW' && o.total.amount > 0);
  unpaid = all.filter((o) => o.status === 'PENDING_PAYMENT');
  expect(paid.length).toBeGreaterThanOrEqual(5);
});

afterAll(async () => {
  await db?.end();
  await stack?.close();
});

test('the buyer number used here is a valid 사업자등록번호, and a wrong check digit is not', () => {
  expect(validCorpNum('1248100998')).toBe(true);
  expect(validCorpNum('1248100999')).toBe(false);
});

test('three concurrent issues of one order make one invoice and one RegistIssue; Order.taxInvoice shows it', async () => {
  const order = paid[0];
  const before = await registIssues();
  const results = await Promise.all([issue(order.id), issue(order.id), issue(order.id)]);
  for (const result of results) expect(result.errors).toBeUndefined();
  const invoices = results.map((r) => r.data!.issueTaxInvoice as { status: string; mgtKey: string; ntsConfirmNumber: string | null; supplyAmount: { amount: number }; taxAmount: { amount: number }; totalAmount: { amount: number } });
  expect(new Set(invoices.map((i) => i.mgtKey))).toEqual(new Set([mgtKeyFor(TENANT, order.id)]));
  expect(invoices[0].mgtKey).toMatch(/^[A-Za-z0-9_-]{1,24}$/);
  expect(invoices.every((i) => i.status === 'ISSUED' && i.ntsConfirmNumber === null)).toBe(true);
  expect(await registIssues()).toBe(before + 1);
  expect(await rows(order.id)).toHaveLength(1);

  const shown = await show(order.id);
  expect(shown.taxInvoice).toMatchObject({ status: 'ISSUED', ntsConfirmNumber: null, totalAmount: { amount: order.total.amount } });
  const { supplyAmount, taxAmount } = shown.taxInvoice as { supplyAmount: { amount: number }; taxAmount: { amount: number } };
  expect(supplyAmount.amount + taxAmount.amount).toBe(order.total.amount);
  expect(taxAmount.amount).toBe(order.total.amount - Math.round((order.total.amount * 10) / 11));

  // The acceptance operation, as written (no buyer): the same invoice, nothing issued again.
  const again = await stack.request(operation('IssueTaxInvoice'), { orderId: order.id }, operator);
  expect(again.errors).toBeUndefined();
  expect(again.data!.issueTaxInvoice).toMatchObject({ status: 'ISSUED', ntsConfirmNumber: null, order: { id: order.id } });
  expect(await registIssues()).toBe(before + 1);
});

test("the NTS confirmation number appears once the sandbox's Popbill has filed the invoice; a filed invoice is not cancelled", async () => {
  const order = paid[0];
  expect((await show(order.id)).taxInvoice).toMatchObject({ status: 'ISSUED', ntsConfirmNumber: null });
  await stack.sandboxControl('clock', { advanceMs: 10 * 60_000 });
  const filed = (await show(order.id)).taxInvoice as { status: string; ntsConfirmNumber: string };
  expect(filed.status).toBe('CONFIRMED');
  expect(filed.ntsConfirmNumber).toMatch(/^\d{8}\w{16}$/);
  const cancelled = await stack.request(CANCEL, { orderId: order.id }, operator);
  expect(cancelled.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(cancelled.errors?.[0]?.message).toContain('수정세금계산서');
});

test('cancelTaxInvoice cancels an invoice not yet filed, once; Order.taxInvoice shows it cancelled', async () => {
  const order = paid[1];
  expect((await issue(order.id)).errors).toBeUndefined();
  const [first, second] = await Promise.all([stack.request(CANCEL, { orderId: order.id }, operator), stack.request(CANCEL, { orderId: order.id }, operator)]);
  expect(first.errors).toBeUndefined();
  expect(second.errors).toBeUndefined();
  expect(first.data!.cancelTaxInvoice).toMatchObject({ status: 'CANCELLED', ntsConfirmNumber: null });
  expect(second.data!.cancelTaxInvoice).toMatchObject({ status: 'CANCELLED' });
  expect((await show(order.id)).taxInvoice).toMatchObject({ status: 'CANCELLED' });
  // After the clock moves on, a cancelled invoice stays cancelled (it is never filed).
  await stack.sandboxControl('clock', { advanceMs: 10 * 60_000 });
  expect((await show(order.id)).taxInvoice).toMatchObject({ status: 'CANCELLED', ntsConfirmNumber: null });
});

test('an invoice Popbill issued on an attempt whose answer was lost is adopted, not issued twice', async () => {
  const order = paid[2];
  // The earlier attempt: Popbill has the invoice under the order's key, opsgraph never heard back.
  const direct = new PopbillClient({ baseUrl: `${stack.sandbox!.url}/popbill`, linkId: DEMO_POPBILL_CREDENTIALS.linkId, secretKey: DEMO_POPBILL_CREDENTIALS.secretKey, corpNum: DEMO_POPBILL_CREDENTIALS.corpNum });
  await direct.registIssue({
    writeDate: '20260101', chargeDirection: '정과금', issueType: '정발행', purposeType: '영수', taxType: '과세',
    invoicerCorpNum: DEMO_POPBILL_CREDENTIALS.corpNum, invoicerMgtKey: mgtKeyFor(TENANT, order.id), invoicerCorpName: '데모', invoicerCEOName: '데모',
    invoiceeType: '사업자', invoiceeCorpNum: '1248100998', invoiceeCorpName: '바이어', invoiceeCEOName: '이구매',
    supplyCostTotal: '1000', taxTotal: '100', totalAmount: '1100',
  });
  const before = await registIssues();
  const result = await issue(order.id);
  expect(result.errors).toBeUndefined();
  expect(result.data!.issueTaxInvoice).toMatchObject({ status: 'ISSUED', mgtKey: mgtKeyFor(TENANT, order.id) });
  expect(await registIssues()).toBe(before + 1); // refused as a used key, then read back
  expect(await rows(order.id)).toEqual([{ status: 'ISSUED', mgt_key: mgtKeyFor(TENANT, order.id) }]);
});

test('an attempt abandoned in flight (its replica died) is taken over after two minutes and issued once', async () => {
  const order = paid[4];
  const total = order.total.amount;
  const supply = Math.round((total * 10) / 11);
  await db.query(
    `INSERT INTO tax_invoices (tenant_id, order_id, status, issued_at, mgt_key, supply_amount, tax_amount, buyer_corp_num, buyer_corp_name, actor, claimed_at)
     VALUES ($1, $2, 'DRAFT', now(), $3, $4, $5, '1248100998', '주식회사 바이어', 'gone-replica', now() - interval '3 minutes')`,
    [TENANT, order.id, mgtKeyFor(TENANT, order.id), supply, total - supply],
  );
  const before = await registIssues();
  const [a, b] = await Promise.all([issue(order.id), issue(order.id, null)]);
  expect(a.errors).toBeUndefined();
  expect(b.errors).toBeUndefined();
  expect(a.data!.issueTaxInvoice).toMatchObject({ status: 'ISSUED', totalAmount: { amount: total } });
  expect(b.data!.issueTaxInvoice).toMatchObject({ status: 'ISSUED', mgtKey: mgtKeyFor(TENANT, order.id) });
  expect(await registIssues()).toBe(before + 1);
  expect(await rows(order.id)).toHaveLength(1);
});

describe('refusals', () => {
  test('an unpaid order, a bad 사업자등록번호, a missing buyer and a viewer are refused before Popbill is asked', async () => {
    const before = await registIssues();
    const unpaidResult = await issue(unpaid[0].id);
    expect(unpaidResult.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const badNumber = await issue(paid[3].id, { ...BUYER, corpNum: '124-81-00999' });
    expect(badNumber.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'buyer.corpNum' });
    const noBuyer = await issue(paid[3].id, null);
    expect(noBuyer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'buyer' });
    const missing = await issue('00000000-0000-0000-0000-000000000000');
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'orderId' });
    const asViewer = await issue(paid[3].id, BUYER, viewer);
    expect(asViewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await registIssues()).toBe(before);
    expect(await rows(paid[3].id)).toHaveLength(0);
  });

  test('Popbill failing is PROVIDER_UNAVAILABLE and leaves nothing behind: the retry issues the invoice', async () => {
    const order = paid[3];
    await stack.sandboxControl('faults', { provider: 'popbill', kind: 'server_error', count: 1 });
    const failed = await issue(order.id);
    expect(failed.errors?.[0]?.extensions?.code).toBe('PROVIDER_UNAVAILABLE');
    expect(JSON.stringify(failed.errors)).not.toContain(DEMO_POPBILL_CREDENTIALS.secretKey);
    expect(await rows(order.id)).toHaveLength(0);
    const retried = await issue(order.id);
    expect(retried.errors).toBeUndefined();
    expect(retried.data!.issueTaxInvoice).toMatchObject({ status: 'ISSUED' });
  });

  test('cancelling an order without an invoice is BAD_USER_INPUT', async () => {
    const result = await stack.request(CANCEL, { orderId: unpaid[0].id }, operator);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'orderId' });
  });
});
