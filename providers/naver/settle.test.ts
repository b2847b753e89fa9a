// 일별 정산 내역 조회 (providers/naver/fixtures/settle-daily.json): the client reads the documented answer and sends the
// documented request; the sandbox answers that request with the documented shape, from its own product orders.
import { DEMO_NAVER_CREDENTIALS as app } from '../../sandbox/naver/demo';
import { expectDocumentedShape, fixture } from '../test-support/fixtures';
import { replayDocumented } from '../test-support/replay';
import { useTestSandbox } from '../test-support/sandbox';
import { NaverSettleClient } from './settle';

const documented = fixture('naver', 'settle-daily');

test('the client reads the documented daily settlements and sends the documented query', async () => {
  await replayDocumented(documented, async (replay) => {
    const client = new NaverSettleClient({ baseUrl: replay.url, ...app });
    const rows = await client.daily('2026-06-01', '2026-06-02');
    expect(rows).toEqual((documented.response.body as { elements: unknown[] }).elements);
  }, { others: { '/v1/oauth2/token': fixture('naver', 'token').response }, query: true });
});

describe('the sandbox', () => {
  const sandbox = useTestSandbox();

  const today = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
  const monthAgo = () => new Date(Date.now() + 9 * 3_600_000 - 30 * 86_400_000).toISOString().slice(0, 10);

  test('answers the documented request in the documented shape, one row per day of its seeded orders', async () => {
    const client = new NaverSettleClient({ baseUrl: `${sandbox.url}/naver`, ...app });
    const rows = await client.daily(monthAgo(), today());
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      // Not paid yet: the documented example is a paid day.
      expectDocumentedShape(row, (documented.response.body as { elements: unknown[] }).elements[0], { nullable: ['settleCompleteDate'] });
      expect(row.settleAmount).toBe(row.paySettleAmount! + row.commissionSettleAmount!);
    }
  });

  test('pages by pageNumber/pageSize until totalPages', async () => {
    const client = new NaverSettleClient({ baseUrl: `${sandbox.url}/naver`, ...app });
    const all = await client.daily(monthAgo(), today());
    expect(await client.daily(monthAgo(), today(), 1)).toEqual(all);
  });
});
