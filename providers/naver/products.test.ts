// 상품 목록 조회, (v2) 원상품 조회, 상품 옵션 재고 변경 and (v2) 원상품 수정 against their examples
// (providers/naver/fixtures/products-search.json, origin-product-read.json, option-stock.json, origin-product-update.json): the client parses each answer and sends the documented request, and the
// sandbox answers the same request with the same shape.
import { DEMO_CREDENTIALS } from '../../sandbox/demo';
import { expectDocumentedShape, fixture } from '../test-support/fixtures';
import { replayServer } from '../test-support/replay';
import { useTestSandbox } from '../test-support/sandbox';
import { NaverProductsClient } from './products';
import { NaverTokenSource } from './token';

const demo = DEMO_CREDENTIALS.naver;
const documented = fixture('naver', 'products-search');

test('the client parses the documented page', async () => {
  // The token endpoint answers as Naver documents it (providers/naver/README.md "Token"); the search with the fixture.
  const token = { status: 200, body: { access_token: 'replay-token', expires_in: 10800, token_type: 'Bearer' } };
  const replay = await replayServer(documented, { '/v1/oauth2/token': token });
  try {
    const client = new NaverProductsClient({ baseUrl: replay.url, clientId: demo.clientId, clientSecret: demo.clientSecret });
    const page = await client.searchProducts({ page: 1, size: 1 });
    expect(page.contents[0].channelProducts[0]).toMatchObject({ originProductNo: 10203040001, salePrice: 39000, discountedPrice: 35100, stockQuantity: 48 });
    expect(replay.requests[0]).toMatchObject({ method: 'POST', url: documented.request!.path });
    expect(JSON.parse(replay.requests[0].body)).toEqual(documented.request!.body);
  } finally {
    await replay.close();
  }
});

const token = { status: 200, body: { access_token: 'replay-token', expires_in: 10800, token_type: 'Bearer' } };

test('the client reads an origin product: its sale price, discount, stock and option combinations', async () => {
  const replay = await replayServer(fixture('naver', 'origin-product-read'), { '/v1/oauth2/token': token });
  try {
    const client = new NaverProductsClient({ baseUrl: replay.url, clientId: demo.clientId, clientSecret: demo.clientSecret });
    const { originProduct } = await client.readOriginProduct(10203040001);
    expect(originProduct).toMatchObject({ salePrice: 39000, stockQuantity: 48, statusType: 'SALE' });
    expect(originProduct.detailAttribute?.optionInfo?.optionCombinations).toEqual([expect.objectContaining({ id: 30405060001, stockQuantity: 48 })]);
    expect(originProduct.customerBenefit?.immediateDiscountPolicy?.discountMethod).toEqual({ value: 3900, unitType: 'WON' });
    expect(replay.requests[0]).toMatchObject({ method: 'GET', url: '/v2/products/origin-products/10203040001' });
  } finally {
    await replay.close();
  }
});

test('the client sends the documented option-stock request and takes its 200 as done', async () => {
  const documented = fixture('naver', 'option-stock');
  const replay = await replayServer(documented, { '/v1/oauth2/token': token });
  try {
    const client = new NaverProductsClient({ baseUrl: replay.url, clientId: demo.clientId, clientSecret: demo.clientSecret });
    await client.updateOptionStock(10203040001, { salePrice: 39000, combinations: [{ id: 30405060001, stockQuantity: 20, price: 0, usable: true }] });
    expect(replay.requests[0]).toMatchObject({ method: 'PUT', url: documented.request!.path });
    expect(JSON.parse(replay.requests[0].body)).toEqual(documented.request!.body);
  } finally {
    await replay.close();
  }
});

test('the client sends the product as read back whole to (v2) 원상품 수정 and takes its 200 as done', async () => {
  const documented = fixture('naver', 'origin-product-update');
  const replay = await replayServer(documented, { '/v1/oauth2/token': token });
  try {
    const client = new NaverProductsClient({ baseUrl: replay.url, clientId: demo.clientId, clientSecret: demo.clientSecret });
    await client.updateOriginProduct(10203040007, documented.request!.body as Parameters<NaverProductsClient['updateOriginProduct']>[1]);
    expect(replay.requests[0]).toMatchObject({ method: 'PUT', url: documented.request!.path });
    expect(JSON.parse(replay.requests[0].body)).toEqual(documented.request!.body);
  } finally {
    await replay.close();
  }
});

describe('the sandbox', () => {
  const sandbox = useTestSandbox();

  test('answers the documented request with the documented shape', async () => {
    const client = new NaverProductsClient({ baseUrl: `${sandbox.url}/naver`, clientId: demo.clientId, clientSecret: demo.clientSecret });
    const page = await client.searchProducts(documented.request!.body as { page: number; size: number });
    expectDocumentedShape(page, documented.response.body);
  });

  test('answers the origin product and the option-stock change with the documented shapes, and the stock changes', async () => {
    const client = new NaverProductsClient({ baseUrl: `${sandbox.url}/naver`, clientId: demo.clientId, clientSecret: demo.clientSecret });
    const read = fixture('naver', 'origin-product-read');
    const before = await client.readOriginProduct(10203040001);
    expectDocumentedShape(before, read.response.body);
    // The documented request as sent, with the sandbox's token; its answer has the documented shape.
    const change = fixture('naver', 'option-stock');
    const accessToken = await new NaverTokenSource({ baseUrl: `${sandbox.url}/naver`, clientId: demo.clientId, clientSecret: demo.clientSecret, now: Date.now }).get();
    const response = await fetch(`${sandbox.url}/naver${change.request!.path}`, {
      method: 'PUT', headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' }, body: JSON.stringify(change.request!.body),
    });
    expect(response.status).toBe(change.response.status);
    expectDocumentedShape(await response.json(), change.response.body);
    const after = await client.readOriginProduct(10203040001);
    expect(after.originProduct).toMatchObject({ stockQuantity: 20, salePrice: 39000 });
    expect(after.originProduct.detailAttribute?.optionInfo?.optionCombinations?.[0].stockQuantity).toBe(20);
  });

  test('refuses option stock without the token, for a product without options, and for an unknown combination', async () => {
    const change = fixture('naver', 'option-stock');
    const put = (path: string, body: unknown, authorization?: string) => fetch(`${sandbox.url}/naver${path}`, {
      method: 'PUT', headers: { ...(authorization ? { authorization } : {}), 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    expect((await put(change.request!.path, change.request!.body)).status).toBe(401);
    const accessToken = await new NaverTokenSource({ baseUrl: `${sandbox.url}/naver`, clientId: demo.clientId, clientSecret: demo.clientSecret, now: Date.now }).get();
    const noOptions = await put('/v1/products/origin-products/10203040007/option-stock', change.request!.body, `Bearer ${accessToken}`);
    expect(noOptions.status).toBe(400);
    const unknown = await put(change.request!.path, { optionInfo: { optionCombinations: [{ id: 1, stockQuantity: 3 }] } }, `Bearer ${accessToken}`);
    expect(await unknown.json()).toMatchObject({ code: 'BadRequest', invalidInputs: [{ name: 'optionInfo.optionCombinations[0].id' }] });
  });

  test('answers (v2) 원상품 수정 with the documented shape: a product without options gets the stock sent', async () => {
    const client = new NaverProductsClient({ baseUrl: `${sandbox.url}/naver`, clientId: demo.clientId, clientSecret: demo.clientSecret });
    const change = fixture('naver', 'origin-product-update');
    // The documented request is the product as the sandbox reads it, stock aside.
    const before = await client.readOriginProduct(10203040007);
    expect({ ...before, originProduct: { ...before.originProduct, stockQuantity: 9 } }).toEqual(change.request!.body);
    const accessToken = await new NaverTokenSource({ baseUrl: `${sandbox.url}/naver`, clientId: demo.clientId, clientSecret: demo.clientSecret, now: Date.now }).get();
    const put = (body: unknown, authorization?: string) => fetch(`${sandbox.url}/naver${change.request!.path}`, {
      method: 'PUT', headers: { ...(authorization ? { authorization } : {}), 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    expect((await put(change.request!.body)).status).toBe(401);
    // Naver's NotNull refusal for a body without the sale price (discussion #1903); nothing changes.
    const body = change.request!.body as { originProduct: Record<string, unknown> };
    const partial = await put({ originProduct: { stockQuantity: 9, statusType: 'SALE' } }, `Bearer ${accessToken}`);
    expect(partial.status).toBe(400);
    expect(await partial.json()).toMatchObject({ code: 'BAD_REQUEST', invalidInputs: [{ name: 'originProduct.salePrice', type: 'NotNull' }, { name: 'originProduct.name' }] });
    const negative = await put({ ...body, originProduct: { ...body.originProduct, stockQuantity: -1 } }, `Bearer ${accessToken}`);
    expect(negative.status).toBe(400);
    expect((await client.readOriginProduct(10203040007)).originProduct.stockQuantity).toBe(15);
    const response = await put(change.request!.body, `Bearer ${accessToken}`);
    expect(response.status).toBe(change.response.status);
    expectDocumentedShape(await response.json(), change.response.body);
    const after = await client.readOriginProduct(10203040007);
    expect(after.originProduct).toMatchObject({ stockQuantity: 9, salePrice: 18000, statusType: 'SALE', name: 'LED 무드등' });
    // Stock 0 is sold out.
    await client.updateOriginProduct(10203040007, { ...after, originProduct: { ...after.originProduct, stockQuantity: 0 } });
    expect((await client.readOriginProduct(10203040007)).originProduct).toMatchObject({ stockQuantity: 0, statusType: 'OUTOFSTOCK' });
  });

  test('refuses a page size over its limit with the documented error shape', async () => {
    const client = new NaverProductsClient({ baseUrl: `${sandbox.url}/naver`, clientId: demo.clientId, clientSecret: demo.clientSecret });
    await expect(client.searchProducts({ page: 1, size: 501 })).rejects.toMatchObject({ provider: 'naver', kind: 'bad_request' });
  });
});
