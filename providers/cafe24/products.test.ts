import { randomUUID } from 'node:crypto';
import { DEMO_CREDENTIALS } from '../../sandbox/demo';
import { ProviderError } from '../errors';
import { startTestSandbox, type RunningSandbox } from '../test-support/sandbox';
import { connectInSandbox } from '../test-support/cafe24';
import { Cafe24Client } from './client';
import { MemoryCafe24TokenStore } from './token-store';

const PRODUCTS_ENDPOINT = 'GET /api/v2/admin/products';
const REDIRECT_URI = 'https://opsgraph.test/oauth/cafe24/callback';

describe('Cafe24Client products against the sandbox', () => {
  let sandbox: RunningSandbox;
  let client: Cafe24Client;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    const app = { mallId: DEMO_CREDENTIALS.cafe24.mallId, clientId: `app-${randomUUID()}`, clientSecret: `secret-${randomUUID()}` };
    await sandbox.control('credentials', { provider: 'cafe24', credentials: app });
    client = new Cafe24Client({ baseUrl: `${sandbox.url}/cafe24/{mall_id}`, ...app, redirectUri: REDIRECT_URI, tokens: new MemoryCafe24TokenStore() });
    await connectInSandbox(client, app.mallId);
  });
  afterAll(async () => {
    await sandbox.close();
  });
  afterEach(async () => {
    await sandbox.control('reset', {});
  });

  it('pages every product by since_product_no, as many as countProducts says', async () => {
    const count = await client.countProducts();
    expect(count).toBe(40);
    const numbers: number[] = [];
    for (let since = 0; ; ) {
      const { products } = await client.listProducts({ limit: 15, sinceProductNo: since });
      numbers.push(...products.map((p) => p.product_no));
      if (products.length < 15) break;
      since = products.at(-1)!.product_no;
    }
    expect(numbers).toHaveLength(count);
    expect(new Set(numbers).size).toBe(count);
  });

  it('reads the documented product with variants and inventories', async () => {
    const { products } = await client.listProducts({ productNo: [11], embed: ['variants', 'inventories'] });
    expect(products).toHaveLength(1);
    expect(products[0]).toMatchObject({ product_no: 11, product_code: 'P000000L', price: '19000.00', selling: 'T' });
    const [variant] = products[0].variants!;
    expect(variant.variant_code.startsWith('P000000L')).toBe(true);
    expect(variant.inventories).toMatchObject({ use_inventory: 'T', quantity: expect.any(Number) });
  });

  it('refuses sinceProductNo with offset, and a limit over 100, without calling Cafe24', async () => {
    const before = (await sandbox.calls('cafe24')).byEndpoint[PRODUCTS_ENDPOINT] ?? 0;
    for (const params of [{ sinceProductNo: 3, offset: 10 }, { limit: 101 }, { offset: 5001 }]) {
      const error = await client.listProducts(params).catch((e) => e);
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({ provider: 'cafe24', kind: 'bad_request' });
    }
    expect((await sandbox.calls('cafe24')).byEndpoint[PRODUCTS_ENDPOINT] ?? 0).toBe(before);
  });

  it("maps Cafe24's 422 to bad_request and a 429 to rate_limited with a retry hint", async () => {
    const invalid = await client.listProducts({ fields: ['product_no'], embed: ['memos' as 'variants'] }).catch((e) => e);
    expect(invalid).toMatchObject({ provider: 'cafe24', kind: 'bad_request', status: 422 });
    expect(invalid.message).toContain('embed');
    await sandbox.control('faults', { provider: 'cafe24', kind: 'rate_limit', count: 1 });
    const throttled = await client.countProducts().catch((e) => e);
    expect(throttled).toMatchObject({ provider: 'cafe24', kind: 'rate_limited', status: 429 });
    expect(throttled.retryAfterMs).toBeGreaterThan(0);
  });
});
