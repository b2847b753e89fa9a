// The documented 11st examples (providers/elevenst/fixtures/): the client parses each documented answer, and the
// sandbox answers the same request with the same shape (the XML read into elements, `ns2` dropped, compared by name).
import { XMLParser } from 'fast-xml-parser';
import iconv from 'iconv-lite';
import { DEMO_CREDENTIALS } from '../../sandbox/demo';
import { ProviderError } from '../errors';
import { expectDocumentedShape, fixture, loadFixtures } from '../test-support/fixtures';
import { replayServer } from '../test-support/replay';
import { startTestSandbox, type RunningSandbox } from '../test-support/sandbox';
import { ElevenstClient } from './client';
import { charsetOf } from './transport';

const apiKey = DEMO_CREDENTIALS.elevenst.apiKey;
const NAMES = ['confirm-order', 'confirm-refused', 'orders-complete'];
const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, ignoreDeclaration: true, parseTagValue: false });
const xml = (text: string) => parser.parse(text) as unknown;

test('the fixtures', () => {
  expect(loadFixtures('elevenst').map((f) => f.name)).toEqual([...NAMES, 'settlement-list']);
});

async function withReplay(name: string, run: (client: ElevenstClient) => Promise<void>): Promise<void> {
  const documented = fixture('elevenst', name);
  const replay = await replayServer(documented);
  try {
    await run(new ElevenstClient({ baseUrl: replay.url, apiKey }));
    expect(new URL(replay.requests[0].url, replay.url).pathname).toBe(documented.request!.path);
  } finally {
    await replay.close();
  }
}

const line = { ordNo: '20260612076034242', ordPrdSeq: '1', addPrdYn: 'N' as const, addPrdNo: '0', dlvNo: '20260612076034242' };

describe('the client parses the documented answers', () => {
  test('an order line, a confirmation and a refusal', async () => {
    await withReplay('orders-complete', async (client) => {
      const at = new Date('2026-06-12T00:00:00+09:00');
      const [order] = await client.listOrders('complete', at, new Date(at.getTime() + 86_340_000));
      expect(order).toMatchObject({ ordNo: '20260612076034242', prdNm: '상품명', ordQty: 1, selPrc: 19900, addPrdNo: '0' });
    });
    await withReplay('confirm-order', async (client) => {
      expect(await client.confirmOrder(line)).toEqual({ resultCode: 0, resultText: '발주확인완료' });
    });
    await withReplay('confirm-refused', async (client) => {
      const error = await client.confirmOrder({ ...line, dlvNo: '9999999999' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({ kind: 'bad_request', providerCode: '-3308' });
    });
  });
});

describe('the sandbox answers the documented requests with the documented shapes', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  test('every documented request, for an order of its own', async () => {
    const ordNo = ((await sandbox.control('orders', { marketplace: 'ELEVENST' })) as { created: string[] }).created[0];
    const client = new ElevenstClient({ baseUrl: `${sandbox.url}/elevenst`, apiKey });
    const at = new Date(((await (await fetch(`${sandbox.url}/__sandbox/clock`)).json()) as { now: number }).now);
    const order = (await client.listOrders('complete', at, at)).find((o) => o.ordNo === ordNo)!;
    const minute = (d: Date) => new Date(d.getTime() + 9 * 3_600_000).toISOString().slice(0, 16).replace(/[-T:]/g, '');
    const paths: Record<string, string> = {
      'orders-complete': `/ordservices/complete/${minute(at)}/${minute(at)}`,
      'confirm-refused': `/ordservices/reqpackaging/${ordNo}/1/N/null/9999999999`,
      'confirm-order': `/ordservices/reqpackaging/${ordNo}/1/N/null/${order.dlvNo}`,
    };
    for (const name of ['orders-complete', 'confirm-refused', 'confirm-order']) {
      const { response } = fixture('elevenst', name);
      const res = await fetch(`${sandbox.url}/elevenst${paths[name]}`, { headers: { openapikey: apiKey } });
      expect({ name, status: res.status }).toEqual({ name, status: response.status });
      // The documented list holds one line, which 11st prints as a lone element: so does the sandbox for one line.
      const answer = xml(iconv.decode(Buffer.from(await res.arrayBuffer()), charsetOf(res.headers.get('content-type'))));
      expectDocumentedShape(answer, xml(response.body as string));
    }
  });
});
