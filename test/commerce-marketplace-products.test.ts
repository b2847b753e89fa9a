// Naver, Coupang and 11st products through the gateway, in the same `products` connection as Cafe24's, read live
// from each marketplace's sandbox; and `updateStock` where the marketplace lets a seller set stock.
import { seedDemoKeys } from '../scripts/seed';
import { startTestStack, type TestStack } from './helpers/stack';

const TENANT = 'tenant-market-products';
const PRODUCTS = `
  query Products($marketplace: Marketplace, $first: Int, $after: String) {
    products(marketplace: $marketplace, first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node { id marketplace externalId sku name price { amount currency } retailPrice { amount } selling soldOut stock updatedAt } }
    }
  }`;
const COUNT = `query Count($marketplace: Marketplace) { products(marketplace: $marketplace, first: 1) { totalCount } }`;
const UPDATE_STOCK = `
  mutation UpdateStock($productId: ID!, $quantity: Int!) {
    updateStock(productId: $productId, quantity: $quantity) { id stock soldOut selling }
  }`;

let stack: TestStack;
let admin: string;

beforeAll(async () => {
  stack = await startTestStack();
  await seedDemoKeys(stack, TENANT, { everyMarketplace: true });
  admin = await stack.token(TENANT);
});

afterAll(async () => {
  await stack?.close();
});

/** Every product of one marketplace, `first` at a time, following endCursor. */
async function allProducts(marketplace: string, first: number): Promise<any[]> {
  const nodes: any[] = [];
  let after: string | null = null;
  for (let page = 0; page < 30; page++) {
    const result: any = await stack.request(PRODUCTS, { marketplace, first, after }, admin);
    expect(result.errors).toBeUndefined();
    nodes.push(...result.data.products.edges.map((edge: any) => edge.node));
    if (!result.data.products.pageInfo.hasNextPage) break;
    after = result.data.products.pageInfo.endCursor;
  }
  return nodes;
}

describe('Coupang', () => {
  test('lists the vendor products with price and stock from each vendor item, paged by nextToken without overlap', async () => {
    const nodes = await allProducts('COUPANG', 2);
    expect(nodes.map((n) => n.id)).toEqual([
      'COUPANG:80240831', 'COUPANG:80240832', 'COUPANG:91230041', 'COUPANG:91230042', 'COUPANG:10023311',
    ]);
    expect(nodes[0]).toEqual({
      id: 'COUPANG:80240831', marketplace: 'COUPANG', externalId: '80240831', sku: 'CP-CHILI-1KG', name: '국산 햇 고춧가루 1kg',
      price: { amount: 19900, currency: 'KRW' }, retailPrice: { amount: 22000 }, selling: true, soldOut: false, stock: 120,
      updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(nodes.find((n) => n.externalId === '91230042')).toMatchObject({ retailPrice: null });
    expect(nodes.find((n) => n.externalId === '10023311')).toMatchObject({ stock: 0, soldOut: true, selling: false });
    const count = await stack.request(COUNT, { marketplace: 'COUPANG' }, admin);
    expect(count.data!.products.totalCount).toBe(5);
    const calls = (await stack.sandboxCalls()).coupang.byEndpoint;
    expect(calls['GET /v2/providers/seller_api/apis/api/v1/marketplace/vendor-items/{vendorItemId}/inventories']).toBeGreaterThanOrEqual(5);
  });

  test('updateStock sets the vendor item quantity at Coupang and answers the product as Coupang now has it', async () => {
    const result = await stack.request(UPDATE_STOCK, { productId: 'COUPANG:10023311', quantity: 42 }, admin);
    expect(result.errors).toBeUndefined();
    expect(result.data!.updateStock).toEqual({ id: 'COUPANG:10023311', stock: 42, soldOut: false, selling: false });
    const [product] = (await allProducts('COUPANG', 5)).filter((n) => n.externalId === '10023311');
    expect(product.stock).toBe(42);
    const calls = (await stack.sandboxCalls()).coupang.byEndpoint;
    expect(calls['PUT /v2/providers/seller_api/apis/api/v1/marketplace/vendor-items/{vendorItemId}/quantities/{quantity}']).toBe(1);
  });

  test('an unknown product, a quantity Coupang refuses, or a bad id is BAD_USER_INPUT, and nothing changes', async () => {
    const unknown = await stack.request(UPDATE_STOCK, { productId: 'COUPANG:99999999', quantity: 1 }, admin);
    expect(unknown.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(unknown.errors?.[0].message).toContain('COUPANG refused');
    const tooMany = await stack.request(UPDATE_STOCK, { productId: 'COUPANG:80240831', quantity: 100_000 }, admin);
    expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    for (const [productId, quantity] of [['COUPANG:80240831', -1], ['nonsense', 1], ['AMAZON:1', 1]] as const) {
      const result = await stack.request(UPDATE_STOCK, { productId, quantity }, admin);
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
    const [product] = (await allProducts('COUPANG', 5)).filter((n) => n.externalId === '80240831');
    expect(product.stock).toBe(120);
  });

  test('a viewer cannot set stock', async () => {
    const viewer = await stack.token(TENANT, ['viewer']);
    const result = await stack.request(UPDATE_STOCK, { productId: 'COUPANG:80240831', quantity: 3 }, viewer);
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('Naver', () => {
  test('lists the SmartStore products with the discounted price and stock, paged by page and size without overlap', async () => {
    const nodes = await allProducts('NAVER', 3);
    expect(nodes).toHaveLength(7);
    expect(new Set(nodes.map((n) => n.id)).size).toBe(7);
    expect(nodes[0]).toEqual({
      id: 'NAVER:10203040001', marketplace: 'NAVER', externalId: '10203040001', sku: 'NV-EAR-BT', name: '무선 블루투스 이어폰',
      price: { amount: 35100, currency: 'KRW' }, retailPrice: { amount: 39000 }, selling: true, soldOut: false, stock: 48,
      updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(nodes.find((n) => n.sku === 'NV-CREAM-50')).toMatchObject({ retailPrice: null, price: { amount: 24000 } });
    expect(nodes.find((n) => n.sku === 'NV-BOTTLE-750')).toMatchObject({ stock: 0, soldOut: true, selling: false });
    const count = await stack.request(COUNT, { marketplace: 'NAVER' }, admin);
    expect(count.data!.products.totalCount).toBe(7);
    expect((await stack.sandboxCalls()).naver.byEndpoint['POST /v1/products/search']).toBeGreaterThanOrEqual(3);
  });

  test('updateStock sets a single-option product’s stock at Naver (상품 옵션 재고 변경) and products shows it', async () => {
    const result = await stack.request(UPDATE_STOCK, { productId: 'NAVER:10203040004', quantity: 26 }, admin);
    expect(result.errors).toBeUndefined();
    // The bottle was sold out: with stock again it is on sale again.
    expect(result.data!.updateStock).toEqual({ id: 'NAVER:10203040004', stock: 26, soldOut: false, selling: true });
    const product = (await allProducts('NAVER', 7)).find((n) => n.externalId === '10203040004');
    expect(product).toMatchObject({ stock: 26, soldOut: false, selling: true, price: { amount: 18900 }, sku: 'NV-BOTTLE-750' });
    const calls = (await stack.sandboxCalls()).naver.byEndpoint;
    expect(calls['PUT /v1/products/origin-products/{originProductNo}/option-stock']).toBe(1);
    expect(calls['GET /v2/products/origin-products/{originProductNo}']).toBe(2);
  });

  test('updateStock sets the stock of a product without options by (v2) 원상품 수정 with the product as read, and products shows it', async () => {
    const result = await stack.request(UPDATE_STOCK, { productId: 'NAVER:10203040007', quantity: 4 }, admin);
    expect(result.errors).toBeUndefined();
    expect(result.data!.updateStock).toEqual({ id: 'NAVER:10203040007', stock: 4, soldOut: false, selling: true });
    const product = (await allProducts('NAVER', 7)).find((n) => n.externalId === '10203040007');
    // The whole product went back as read: name, seller code and price are kept.
    expect(product).toMatchObject({ stock: 4, soldOut: false, selling: true, price: { amount: 18000 }, sku: 'NV-LAMP-LED', name: 'LED 무드등' });
    const zero = await stack.request(UPDATE_STOCK, { productId: 'NAVER:10203040007', quantity: 0 }, admin);
    expect(zero.data!.updateStock).toEqual({ id: 'NAVER:10203040007', stock: 0, soldOut: true, selling: false });
    const calls = (await stack.sandboxCalls()).naver.byEndpoint;
    expect(calls['PUT /v2/products/origin-products/{originProductNo}']).toBe(2);
  });

  test('a product with several option combinations, or an unknown one, is BAD_USER_INPUT, and nothing changes', async () => {
    const several = await stack.request(UPDATE_STOCK, { productId: 'NAVER:10203040005', quantity: 3 }, admin);
    expect(several.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(several.errors?.[0].message).toMatch(/2 option combinations .*카키.*which one/);
    const unknown = await stack.request(UPDATE_STOCK, { productId: 'NAVER:10203049999', quantity: 3 }, admin);
    expect(unknown.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const nodes = await allProducts('NAVER', 7);
    expect(nodes.find((n) => n.externalId === '10203040005').stock).toBe(22);
    const calls = (await stack.sandboxCalls()).naver.byEndpoint;
    expect(calls['PUT /v1/products/origin-products/{originProductNo}/option-stock']).toBe(1);
    expect(calls['PUT /v2/products/origin-products/{originProductNo}']).toBe(2);
  });
});

describe('11st', () => {
  test('lists the products with their price and the sum of their option stocks, paged by row without overlap', async () => {
    const nodes = await allProducts('ELEVENST', 2);
    expect(nodes.map((n) => n.externalId)).toEqual(['4012345601', '4012345602', '4012345603', '4012345604', '4012345605']);
    expect(nodes[0]).toEqual({
      id: 'ELEVENST:4012345601', marketplace: 'ELEVENST', externalId: '4012345601', sku: 'RICE-10', name: '국내산 햅쌀 10kg',
      price: { amount: 32900, currency: 'KRW' }, retailPrice: null, selling: true, soldOut: false, stock: 52,
      updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(nodes.find((n) => n.sku === 'TMB-500')).toMatchObject({ stock: 0, soldOut: true, selling: false });
    const count = await stack.request(COUNT, { marketplace: 'ELEVENST' }, admin);
    expect(count.data!.products.totalCount).toBe(5);
    expect((await stack.sandboxCalls()).elevenst.byEndpoint['GET /prodmarketservice/prodmarket/stck/{prdNo}']).toBeGreaterThanOrEqual(5);
  });

  test('updateStock sets a single-option product’s stock at 11st (재고수량 변경) and products shows it', async () => {
    const before = (await stack.sandboxCalls()).elevenst.byEndpoint;
    const result = await stack.request(UPDATE_STOCK, { productId: 'ELEVENST:4012345605', quantity: 37 }, admin);
    expect(result.errors).toBeUndefined();
    expect(result.data!.updateStock).toEqual({ id: 'ELEVENST:4012345605', stock: 37, soldOut: false, selling: true });
    // The read-back is one 상품조회 of that product, not a walk through the catalog's pages.
    const during = (await stack.sandboxCalls()).elevenst.byEndpoint;
    const made = (endpoint: string) => (during[endpoint] ?? 0) - (before[endpoint] ?? 0);
    expect(made('GET /prodmarketservice/prodmarket/{prdNo}')).toBe(1);
    expect(made('POST /prodmarketservice/prodmarket')).toBe(0);
    const [product] = (await allProducts('ELEVENST', 5)).filter((n) => n.externalId === '4012345605');
    expect(product.stock).toBe(37);
    expect((await stack.sandboxCalls()).elevenst.byEndpoint['PUT /prodservices/stockqty/{prdStckNo}']).toBe(1);
  });

  test('a product with several options, an unknown one, or a quantity 11st refuses is BAD_USER_INPUT, and nothing changes', async () => {
    const several = await stack.request(UPDATE_STOCK, { productId: 'ELEVENST:4012345601', quantity: 3 }, admin);
    expect(several.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(several.errors?.[0].message).toMatch(/2 option stocks .*등급:상/);
    const unknown = await stack.request(UPDATE_STOCK, { productId: 'ELEVENST:4099999999', quantity: 3 }, admin);
    expect(unknown.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const tooMany = await stack.request(UPDATE_STOCK, { productId: 'ELEVENST:4012345605', quantity: 100_000 }, admin);
    expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(tooMany.errors?.[0].message).toContain('ELEVENST refused the stock change');
    const nodes = await allProducts('ELEVENST', 5);
    expect(nodes.find((n) => n.externalId === '4012345601').stock).toBe(52);
    expect(nodes.find((n) => n.externalId === '4012345605').stock).toBe(37);
  });
});

describe('Cafe24', () => {
  test('updateStock sets a single-variant product’s inventory at the mall, refuses a product with several variants, and products shows it', async () => {
    const before = await allProducts('CAFE24', 50);
    let set: any;
    let refused: any;
    let sets = 0;
    for (const node of before) {
      const result = await stack.request(UPDATE_STOCK, { productId: node.id, quantity: 41 }, admin);
      if (result.errors) refused ??= { node, error: result.errors[0] };
      else [set, sets] = [{ node, product: result.data!.updateStock }, sets + 1];
      if (set && refused) break;
    }
    expect(set.product).toMatchObject({ id: set.node.id, stock: 41, soldOut: false });
    expect(refused.error.extensions.code).toBe('BAD_USER_INPUT');
    expect(refused.error.message).toMatch(/has \d+ variants .*single-variant products only/);
    const after = await allProducts('CAFE24', 50);
    expect(after.find((n) => n.id === set.node.id).stock).toBe(41);
    expect(after.find((n) => n.id === refused.node.id).stock).toBe(refused.node.stock);
    const tooMany = await stack.request(UPDATE_STOCK, { productId: set.node.id, quantity: 1_000_000 }, admin);
    expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(tooMany.errors?.[0].message).toContain('CAFE24 refused the stock change');
    const calls = (await stack.sandboxCalls()).cafe24.byEndpoint;
    // One per product set, and the refused quantity; a product with several variants is refused before any call.
    expect(calls['PUT /api/v2/admin/products/{product_no}/variants/{variant_code}/inventories']).toBe(sets + 1);
  });
});

test('without a marketplace, the catalogs follow one another: Cafe24, Coupang, 11st, Naver', async () => {
  const result = await stack.request(PRODUCTS, { first: 100 }, admin);
  expect(result.errors).toBeUndefined();
  const marketplaces = [...new Set(result.data!.products.edges.map((edge: any) => edge.node.marketplace))];
  expect(marketplaces).toEqual(['CAFE24', 'COUPANG', 'ELEVENST', 'NAVER']);
});
