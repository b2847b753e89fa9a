// Marketplace products through the gateway: read live from the Cafe24 sandbox mall, one keyring.call per
// marketplace call, paged by Cafe24's since_product_no keyset.
import { seedDemoKeys } from '../scripts/seed';
import { DEMO_CREDENTIALS } from '../sandbox/demo';
import { consentAsMallAdmin } from '../sandbox/cafe24/browser';
import { startTestStack, type TestStack } from './helpers/stack';

const TENANT = 'tenant-products';
const PRODUCTS = `
  query Products($marketplace: Marketplace, $first: Int, $after: String) {
    products(marketplace: $marketplace, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id marketplace externalId sku name price { amount currency } retailPrice { amount currency } selling soldOut stock updatedAt } }
    }
  }`;
const PRODUCT_IDS = `
  query ProductIds($first: Int, $after: String) {
    products(marketplace: CAFE24, first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id } } }
  }`;

let stack: TestStack;
let admin: string;

/** The sandbox mall's own answer, read with a token of its own (products scope), outside opsgraph. */
async function sandboxMall(path: string): Promise<any> {
  const app = DEMO_CREDENTIALS.cafe24;
  const base = `${stack.sandbox!.url}/cafe24/${app.mallId}`;
  const redirect = 'https://opsgraph.test/oauth/cafe24/callback';
  const consented = await consentAsMallAdmin(
    `${base}/api/v2/oauth/authorize?response_type=code&client_id=${app.clientId}&state=t&redirect_uri=${encodeURIComponent(redirect)}&scope=mall.read_product`,
    { adminId: app.mallId },
  );
  const code = consented.searchParams.get('code')!;
  const token = await fetch(`${base}/api/v2/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirect }).toString(),
  });
  const { access_token } = (await token.json()) as { access_token: string };
  return (await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${access_token}` } })).json();
}

beforeAll(async () => {
  stack = await startTestStack();
  await seedDemoKeys(stack, TENANT);
  admin = await stack.token(TENANT);
});

afterAll(async () => {
  await stack?.close();
});

afterEach(async () => {
  await stack.sandboxControl('reset');
});

test('pages through every product of the demo mall with after, without overlap, as many as the mall counts', async () => {
  const { count } = await sandboxMall('/api/v2/admin/products/count');
  expect(count).toBe(40);
  const ids: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 20; page++) {
    const result: any = await stack.request(PRODUCTS, { marketplace: 'CAFE24', first: 7, after }, admin);
    expect(result.errors).toBeUndefined();
    expect(result.data.products.totalCount).toBe(count);
    expect(result.data.products.edges.length).toBeLessThanOrEqual(7);
    ids.push(...result.data.products.edges.map((edge: any) => edge.node.id));
    if (!result.data.products.pageInfo.hasNextPage) break;
    after = result.data.products.pageInfo.endCursor;
  }
  expect(ids).toHaveLength(count);
  expect(new Set(ids).size).toBe(count);
});

test("maps each product's fields from Cafe24's, stock from the tracked variants' inventories", async () => {
  const { products: raw } = await sandboxMall('/api/v2/admin/products?limit=100&embed=variants,inventories');
  const result = await stack.request(PRODUCTS, { marketplace: 'CAFE24', first: 100 }, admin);
  expect(result.errors).toBeUndefined();
  const nodes = result.data!.products.edges.map((edge: any) => edge.node);
  expect(nodes).toHaveLength(raw.length);
  expect(result.data!.products.pageInfo.hasNextPage).toBe(false);
  const tracked = (p: any) => p.variants.map((v: any) => v.inventories).filter((i: any) => i.use_inventory === 'T');
  nodes.forEach((node: any, i: number) => {
    const p = raw[i];
    const stock = tracked(p).length ? tracked(p).reduce((sum: number, inv: any) => sum + inv.quantity, 0) : null;
    expect(node).toEqual({
      id: `CAFE24:${p.product_no}`, marketplace: 'CAFE24', externalId: String(p.product_no), sku: p.product_code, name: p.product_name,
      price: { amount: Number(p.price), currency: 'KRW' },
      retailPrice: p.retail_price === '0.00' ? null : { amount: Number(p.retail_price), currency: 'KRW' },
      selling: p.selling === 'T', soldOut: p.sold_out === 'T', stock, updatedAt: new Date(p.updated_date).toISOString(),
    });
  });
  // The product the seeded orders sell most, by its order-item sku.
  expect(nodes.find((n: any) => n.sku === 'P000000L')).toMatchObject({ id: 'CAFE24:11', name: '오버핏 코튼 티셔츠', price: { amount: 19000 }, selling: true });
  expect(nodes.some((n: any) => n.retailPrice === null)).toBe(true);
  expect(nodes.some((n: any) => n.soldOut && n.stock === 0)).toBe(true);
});

test('makes one Cafe24 call per page, and one more only when totalCount is asked', async () => {
  const endpoint = (calls: any, path: string) => calls.cafe24?.byEndpoint[`GET ${path}`] ?? 0;
  const first = await stack.request(PRODUCT_IDS, { first: 10 }, admin);
  expect(first.errors).toBeUndefined();
  let calls = await stack.sandboxCalls();
  expect(endpoint(calls, '/api/v2/admin/products')).toBe(1);
  expect(endpoint(calls, '/api/v2/admin/products/count')).toBe(0);
  await stack.sandboxControl('reset');
  await stack.request(PRODUCTS, { marketplace: 'CAFE24', first: 10, after: first.data!.products.pageInfo.endCursor }, admin);
  calls = await stack.sandboxCalls();
  expect(endpoint(calls, '/api/v2/admin/products')).toBe(1);
  expect(endpoint(calls, '/api/v2/admin/products/count')).toBe(1);
});

test('without a marketplace, lists the marketplaces that expose products (Cafe24)', async () => {
  const all = await stack.request(PRODUCT_IDS.replace('marketplace: CAFE24, ', ''), { first: 5 }, admin);
  const cafe24 = await stack.request(PRODUCT_IDS, { first: 5 }, admin);
  expect(all.errors).toBeUndefined();
  expect(all.data).toEqual(cafe24.data);
});

test('a bad first and a foreign cursor are BAD_USER_INPUT', async () => {
  for (const first of [0, 101, -1]) {
    const result = await stack.request(PRODUCT_IDS, { first }, admin);
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].message).toContain('"first"');
  }
  const orders = await stack.request('{ orders(first: 1) { pageInfo { endCursor } } }', {}, admin);
  for (const after of ['nonsense', Buffer.from('["CAFE24","x"]').toString('base64url'), orders.data?.orders.pageInfo.endCursor ?? 'x']) {
    const result = await stack.request(PRODUCT_IDS, { first: 5, after }, admin);
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  }
  // Every marketplace now exposes its catalog (test/commerce-marketplace-products.test.ts): a cursor of one is no
  // cursor of another.
  const cafe24 = await stack.request(PRODUCT_IDS, { first: 1 }, admin);
  const foreign = Buffer.from(JSON.stringify(['NAVER', '1|1|0'])).toString('base64url');
  expect(cafe24.data?.products.pageInfo.endCursor).not.toBe(foreign);
  expect((await stack.request(PRODUCT_IDS, { first: 5, after: foreign }, admin)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
});

test('listing every catalog skips the marketplaces the tenant has no key for, and ends where its own end', async () => {
  const all = await stack.request(PRODUCT_IDS.replace('marketplace: CAFE24, ', ''), { first: 100 }, admin);
  expect(all.errors).toBeUndefined();
  expect(all.data!.products.edges).toHaveLength(40);
  expect(all.data!.products.pageInfo.hasNextPage).toBe(false);
  const count = await stack.request('{ products { totalCount } }', {}, admin);
  expect(count.errors).toBeUndefined();
  expect(count.data!.products.totalCount).toBe(40);
});

test('a tenant without a Cafe24 key gets NO_PROVIDER_KEY', async () => {
  const lonely = await stack.token('tenant-without-keys');
  const result = await stack.request(PRODUCT_IDS, { first: 5 }, lonely);
  expect(result.errors?.[0].extensions?.code).toBe('NO_PROVIDER_KEY');
  expect(result.data?.products ?? null).toBeNull();
});

test('a viewer can read products; without a token the gateway answers UNAUTHENTICATED', async () => {
  const viewer = await stack.token(TENANT, ['viewer']);
  const read = await stack.request(PRODUCT_IDS, { first: 3 }, viewer);
  expect(read.errors).toBeUndefined();
  expect(read.data!.products.edges).toHaveLength(3);
  const anonymous = await stack.request(PRODUCT_IDS, { first: 3 }, null);
  expect(anonymous.status).toBe(401);
  expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
});
