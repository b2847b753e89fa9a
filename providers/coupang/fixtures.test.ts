// The documented Coupang examples (providers/coupang/fixtures/): the client parses each documented answer, and the
// sandbox answers the same signed request with the same shape. Either drifting from the documentation fails here.
import { DEMO_CREDENTIALS } from '../../sandbox/demo';
import { ProviderError } from '../errors';
import { expectDocumentedShape, fixture, loadFixtures } from '../test-support/fixtures';
import { replayDocumented } from '../test-support/replay';
import { useTestSandbox } from '../test-support/sandbox';
import { CoupangProductsClient } from './products';
import { coupangQuery } from './query';
import { signCoupangRequest } from './sign';

const demo = DEMO_CREDENTIALS.coupang;
/** The catalog's fixtures, checked here; the claims' ones in claims-fixtures.test.ts, revenue-history in revenue.test.ts. */
const NAMES = ['invalid-signature', 'inventories', 'seller-product', 'seller-products', 'update-quantity'];
const CLAIM_NAMES = ['exchange-requests', 'receive-confirmation', 'return-approval', 'return-requests', 'stopped-shipment'];

test('the fixtures', () => {
  expect(loadFixtures('coupang').map((f) => f.name)).toEqual([...NAMES, ...CLAIM_NAMES, 'revenue-history'].sort());
});

async function withReplay(name: string, run: (client: CoupangProductsClient) => Promise<void>): Promise<void> {
  await replayDocumented(
    fixture('coupang', name),
    (replay) => run(new CoupangProductsClient({ baseUrl: replay.url, vendorId: 'A00012345', accessKey: demo.accessKey, secretKey: demo.secretKey })),
    { method: true },
  );
}

describe('the client parses the documented answers', () => {
  test('products, a product with its items, an item stock and a stock change', async () => {
    await withReplay('seller-products', async (client) => {
      expect(await client.listProducts({ maxPerPage: 2 })).toMatchObject({ nextToken: '3', products: [{ sellerProductId: 1320567166 }] });
    });
    await withReplay('seller-product', async (client) => {
      expect(await client.getProduct(1320567166)).toMatchObject({ items: [{ vendorItemId: 3000000000, salePrice: 10000 }] });
    });
    await withReplay('inventories', async (client) => {
      expect(await client.getInventory(3000000000)).toMatchObject({ amountInStock: 100, onSale: true });
    });
    await withReplay('update-quantity', (client) => client.updateQuantity(3000000000, 50));
  });

  test('a refused signature is an auth error', async () => {
    await withReplay('invalid-signature', async (client) => {
      const error = await client.getInventory(3000000000).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({ kind: 'auth', status: 401 });
    });
  });
});

describe('the sandbox answers the documented requests with the documented shapes', () => {
  const sandbox = useTestSandbox();

  /** The documented request for the demo vendor, its ids swapped for the sandbox's, signed as Coupang checks it. */
  async function ask(name: string): Promise<{ status: number; body: unknown }> {
    const { request } = fixture('coupang', name);
    const path = request!.path.replace('1320567166', '80240831').replace('3000000000', '3242596358');
    const query = coupangQuery(Object.entries(request!.query ?? {}).map(([k, v]) => [k, k === 'vendorId' ? demo.vendorId : v] as const));
    const method = request!.method as 'GET' | 'PUT';
    const authorization = request!.headers?.authorization
      ?? signCoupangRequest({ method, path, query, accessKey: demo.accessKey, secretKey: demo.secretKey, now: new Date() }).authorization;
    const res = await fetch(`${sandbox.url}/coupang${path}${query ? `?${query}` : ''}`, { method, headers: { authorization } });
    return { status: res.status, body: (await res.json()) };
  }

  test('every documented request', async () => {
    for (const name of NAMES) {
      const documented = fixture('coupang', name);
      const answer = await ask(name);
      expect({ name, status: answer.status }).toEqual({ name, status: documented.response.status });
      expectDocumentedShape(answer.body, documented.response.body);
    }
  });
});
