// 정산내역조회 (providers/elevenst/fixtures/settlement-list.json): the client parses the documented list, splits long
// ranges into 31-day queries and reads result_code 0 as nothing settled; the sandbox answers in the documented shape.
import { XMLParser } from 'fast-xml-parser';
import iconv from 'iconv-lite';
import { DEMO_CREDENTIALS } from '../../sandbox/demo';
import { expectDocumentedShape, fixture } from '../test-support/fixtures';
import { replayDocumented } from '../test-support/replay';
import { useTestSandbox } from '../test-support/sandbox';
import { ElevenstSettlementClient, settlementRanges } from './settlements';
import { charsetOf } from './transport';

const apiKey = DEMO_CREDENTIALS.elevenst.apiKey;
const documented = fixture('elevenst', 'settlement-list');
const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, ignoreDeclaration: true, parseTagValue: false });

test('the client parses the documented list and sends the documented path', async () => {
  await replayDocumented(documented, async (replay) => {
    const [line] = await new ElevenstSettlementClient({ baseUrl: replay.url, apiKey }).settlementList('2026-06-01', '2026-06-02');
    expect(line).toMatchObject({ ordNo: '20260528076034242', selPrcAmt: '22400', selFee: '2388', stlAmt: '20012', stlPlnDy: '2026/06/03' });
  });
});

test('long ranges are split into queries of at most 31 days', () => {
  expect(settlementRanges('2026-01-01', '2026-03-05')).toEqual([
    { start: '2026-01-01', end: '2026-01-31' }, { start: '2026-02-01', end: '2026-03-03' }, { start: '2026-03-04', end: '2026-03-05' },
  ]);
});

describe('the sandbox', () => {
  const sandbox = useTestSandbox();

  const kstDay = (offsetDays: number) => new Date(Date.now() + 9 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

  test('answers the documented request in the documented shape', async () => {
    const path = `/settlement/settlementList/${kstDay(-10).replace(/-/g, '')}/${kstDay(0).replace(/-/g, '')}`;
    const res = await fetch(`${sandbox.url}/elevenst${path}`, { headers: { openapikey: apiKey } });
    expect(res.status).toBe(200);
    const answer = parser.parse(iconv.decode(Buffer.from(await res.arrayBuffer()), charsetOf(res.headers.get('content-type')))) as { seStlDtlList: { seStlDtl: unknown[] } };
    const documentedLine = (parser.parse(documented.response.body as string) as { seStlDtlList: { seStlDtl: unknown } }).seStlDtlList.seStlDtl;
    expect(answer.seStlDtlList.seStlDtl.length).toBeGreaterThan(1);
    for (const line of answer.seStlDtlList.seStlDtl) expectDocumentedShape(line, documentedLine);
  });

  test('a range with nothing settled is an empty list; more than 31 days in one query is refused with result_code 2', async () => {
    const client = new ElevenstSettlementClient({ baseUrl: `${sandbox.url}/elevenst`, apiKey });
    expect(await client.settlementList('2020-01-01', '2020-01-02')).toEqual([]);
    const res = await fetch(`${sandbox.url}/elevenst/settlement/settlementList/20260101/20260301`, { headers: { openapikey: apiKey } });
    expect(iconv.decode(Buffer.from(await res.arrayBuffer()), 'euc-kr')).toContain('<ns2:result_code>2</ns2:result_code>');
    // Through the client the same two months are two queries, so nothing is refused.
    await expect(client.settlementList('2026-01-01', '2026-03-01')).resolves.toEqual(expect.any(Array));
  });
});
