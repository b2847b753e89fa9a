// 매출내역 조회 (providers/coupang/fixtures/revenue-history.json): the client parses the documented answer and signs the
// documented query (token empty on the first page); the sandbox answers the same signed request with the same shape.
import { DEMO_CREDENTIALS } from '../../sandbox/demo';
import { expectDocumentedShape, fixture } from '../test-support/fixtures';
import { replayDocumented } from '../test-support/replay';
import { useTestSandbox } from '../test-support/sandbox';
import { CoupangRevenueClient } from './revenue';

const demo = DEMO_CREDENTIALS.coupang;
const documented = fixture('coupang', 'revenue-history');
const body = documented.response.body as { data: unknown[] };

test('the client parses the documented revenue and sends the documented query', async () => {
  await replayDocumented(documented, async (replay) => {
    const client = new CoupangRevenueClient({ baseUrl: replay.url, vendorId: 'A00012345', accessKey: demo.accessKey, secretKey: demo.secretKey });
    expect(await client.revenueHistory('2026-06-01', '2026-06-02')).toEqual(body.data);
  }, { query: true });
});

describe('the sandbox', () => {
  const sandbox = useTestSandbox();

  const kstDay = (offsetDays: number) => new Date(Date.now() + 9 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

  test('answers the documented request in the documented shape, following nextToken over every sale of the range', async () => {
    await sandbox.control('orders', { marketplace: 'COUPANG', count: 60 });
    const client = new CoupangRevenueClient({ baseUrl: `${sandbox.url}/coupang`, ...demo });
    const sales = await client.revenueHistory(kstDay(-30), kstDay(0));
    // More than one page of 50: the client followed the token.
    expect(sales.length).toBeGreaterThan(50);
    expect(new Set(sales.map((s) => s.orderId)).size).toBe(sales.length);
    for (const sale of sales) expectDocumentedShape({ ...sale, items: sale.items!.slice(0, 1) }, body.data[0]);
  });

  test('refuses another vendor and a range over 31 days', async () => {
    const other = new CoupangRevenueClient({ baseUrl: `${sandbox.url}/coupang`, ...demo, vendorId: 'A99999999' });
    await expect(other.revenueHistory(kstDay(-1), kstDay(0))).rejects.toMatchObject({ status: 403 });
    const client = new CoupangRevenueClient({ baseUrl: `${sandbox.url}/coupang`, ...demo });
    await expect(client.revenueHistory(kstDay(-40), kstDay(0))).rejects.toMatchObject({ kind: 'bad_request' });
  });
});
