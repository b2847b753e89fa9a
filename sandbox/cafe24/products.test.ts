import { DEMO_CREDENTIALS } from '../demo';
import { startSandbox, type Sandbox } from '../server';
import { cafe24Base, cafe24Token, fixedClock, readJson } from '../testing';

const app = DEMO_CREDENTIALS.cafe24;
let sandbox: Sandbox;
let token: string;


async function get(path: string, bearer = token) {
  const res = await fetch(`${cafe24Base(sandbox)}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
  return { status: res.status, body: await readJson(res) };
}

beforeEach(async () => {
  sandbox = await startSandbox({ port: 0, now: fixedClock });
  token = (await cafe24Token(sandbox, app, 'mall.read_order,mall.read_product')).access_token;
});
afterEach(() => sandbox.close());

describe('Cafe24 products', () => {
  it('prints 10 products by default in the documented shape, money as strings', async () => {
    const { status, body } = await get('/api/v2/admin/products');
    expect(status).toBe(200);
    expect(body.products).toHaveLength(10);
    const product = body.products[0];
    expect(Object.keys(product).sort()).toEqual([
      'created_date', 'custom_product_code', 'display', 'price', 'product_code', 'product_name', 'product_no',
      'retail_price', 'selling', 'shop_no', 'sold_out', 'supply_price', 'updated_date',
    ]);
    expect(product).toMatchObject({
      shop_no: 1, product_no: expect.any(Number), product_code: expect.stringMatching(/^P[0-9A-Z]{7}$/),
      price: expect.stringMatching(/^\d+\.00$/), retail_price: expect.stringMatching(/^\d+\.00$/),
      display: expect.stringMatching(/^[TF]$/), selling: expect.stringMatching(/^[TF]$/), sold_out: expect.stringMatching(/^[TF]$/),
      created_date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00$/),
    });
  });

  it('counts 40 products and walks them with since_product_no without overlap', async () => {
    expect((await get('/api/v2/admin/products/count')).body).toEqual({ count: 40 });
    const seen: number[] = [];
    let since = 0;
    for (;;) {
      const { body } = await get(`/api/v2/admin/products?limit=7&since_product_no=${since}`);
      seen.push(...body.products.map((p: any) => p.product_no));
      if (body.products.length < 7) break;
      since = body.products.at(-1).product_no;
    }
    expect(seen).toHaveLength(40);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    const { body: byOffset } = await get('/api/v2/admin/products?limit=100&offset=0');
    expect(byOffset.products.map((p: any) => p.product_no)).toEqual(seen);
  });

  it('sells the products the seeded orders name, under the same number and code', async () => {
    const { body } = await get('/api/v2/admin/orders?start_date=2026-01-05&end_date=2026-01-15&limit=100&embed=items');
    const item = body.orders[0].items[0];
    const { body: found } = await get(`/api/v2/admin/products?product_no=${item.product_no}`);
    expect(found.products[0]).toMatchObject({ product_code: item.product_code, product_name: item.product_name, price: item.product_price });
  });

  it('embeds variants and their inventories, and keeps only the asked fields', async () => {
    const { body } = await get('/api/v2/admin/products?limit=3&embed=variants,inventories&fields=product_no,price');
    const [product] = body.products;
    expect(Object.keys(product).sort()).toEqual(['price', 'product_no', 'variants']);
    expect(product.variants[0].variant_code).toMatch(/^P[0-9A-Z]{7}000A$/);
    expect(product.variants[0].inventories).toMatchObject({ quantity: expect.any(Number), use_inventory: expect.stringMatching(/^[TF]$/) });
    const { body: noInventories } = await get('/api/v2/admin/products?limit=1&embed=variants');
    expect(noInventories.products[0].variants[0].inventories).toBeUndefined();
  });

  it('answers 422 for a bad limit, an offset over 5000 and since_product_no with offset', async () => {
    for (const query of ['limit=0', 'limit=101', 'offset=5001', 'since_product_no=3&offset=10', 'since_product_no=3&sort=created_date', 'embed=memos']) {
      const { status, body } = await get(`/api/v2/admin/products?${query}`);
      expect({ query, status }).toEqual({ query, status: 422 });
      expect(body.error.code).toBe(422);
    }
    expect((await get('/api/v2/admin/products?offset=5000')).status).toBe(200);
  });

  it('refuses a token without mall.read_product with 403, and no token with 401', async () => {
    const ordersOnly = (await cafe24Token(sandbox)).access_token;
    const refused = await get('/api/v2/admin/products', ordersOnly);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('mall.read_product');
    expect((await get('/api/v2/admin/orders/count?start_date=2026-01-01&end_date=2026-01-15', ordersOnly)).status).toBe(200);
    expect((await get('/api/v2/admin/products', 'not-a-token')).status).toBe(401);
  });

  it('answers a single product and 404 for a deleted one', async () => {
    expect((await get('/api/v2/admin/products/11')).body.product.product_code).toBe('P000000L');
    expect((await get('/api/v2/admin/products/5')).status).toBe(404);
  });
});
