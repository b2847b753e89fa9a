// 상품 목록 조회 against its documented example (providers/naver/fixtures/products-search.json): the client parses the
// documented page, and the sandbox answers the same request with the same shape.
import { DEMO_CREDENTIALS } from '../../sandbox/demo';
import { expectDocumentedShape, fixture } from '../test-support/fixtures';
import { replayServer } from '../test-support/replay';
import { useTestSandbox } from '../test-support/sandbox';
import { NaverProductsClient } from './products';

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

describe('the sandbox', () => {
  const sandbox = useTestSandbox();

  test('answers the documented request with the documented shape', async () => {
    const client = new NaverProductsClient({ baseUrl: `${sandbox.url}/naver`, clientId: demo.clientId, clientSecret: demo.clientSecret });
    const page = await client.searchProducts(documented.request!.body as { page: number; size: number });
    expectDocumentedShape(page, documented.response.body);
  });

  test('refuses a page size over its limit with the documented error shape', async () => {
    const client = new NaverProductsClient({ baseUrl: `${sandbox.url}/naver`, clientId: demo.clientId, clientSecret: demo.clientSecret });
    await expect(client.searchProducts({ page: 1, size: 501 })).rejects.toMatchObject({ provider: 'naver', kind: 'bad_request' });
  });
});
