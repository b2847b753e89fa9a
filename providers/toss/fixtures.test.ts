// The documented Toss examples (providers/toss/fixtures/): the client parses each documented answer, and the sandbox
// answers the same request with the same shape. Either drifting from the documentation fails here.
import { DEMO_CREDENTIALS } from '../../sandbox/demo';
import { ProviderError } from '../errors';
import { expectDocumentedShape, fixture, loadFixtures } from '../test-support/fixtures';
import { sandboxOrders } from '../test-support/orders';
import { replayServer } from '../test-support/replay';
import { useTestSandbox } from '../test-support/sandbox';
import { TossClient, tossBasicAuth } from './client';

const secretKey = DEMO_CREDENTIALS.toss.secretKey;

test('every fixture names its documentation page and answers a request', () => {
  // The lookups are held to here; confirm and cancel by providers/toss/actions.test.ts.
  expect(loadFixtures('toss').map((f) => f.name)).toEqual([
    'cancel-full', 'cancel-not-cancelable-amount', 'cancel-partial', 'confirm-already-processed',
    'not-found-payment', 'payment-by-order-id', 'unauthorized-key',
  ]);
});

describe('the client parses the documented answers', () => {
  test('a payment looked up by order id', async () => {
    const replay = await replayServer(fixture('toss', 'payment-by-order-id'));
    try {
      const payment = await new TossClient({ baseUrl: replay.url, secretKey }).getPaymentByOrderId('a4CWyWY5m89PNh7xJwhk1');
      expect(payment).toMatchObject({ paymentKey: '5EnNZRJGvaBX7zk2yd8ydw26XvwXkLrx9POLqKQjmAw4b0e1', status: 'DONE', totalAmount: 1000, method: '카드' });
      expect(replay.requests[0]).toMatchObject({ method: 'GET', url: fixture('toss', 'payment-by-order-id').request!.path });
    } finally {
      await replay.close();
    }
  });

  test('no payment is null; an unknown key is an auth error', async () => {
    for (const [name, check] of [
      ['not-found-payment', (client: TossClient) => expect(client.getPaymentByOrderId('no-such-order-0000')).resolves.toBeNull()],
      ['unauthorized-key', async (client: TossClient) => {
        const error = await client.getPaymentByOrderId('x').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ProviderError);
        expect(error).toMatchObject({ kind: 'auth', providerCode: 'UNAUTHORIZED_KEY' });
      }],
    ] as const) {
      const replay = await replayServer(fixture('toss', name));
      try {
        await check(new TossClient({ baseUrl: replay.url, secretKey }));
      } finally {
        await replay.close();
      }
    }
  });
});

describe('the sandbox answers the documented requests with the documented shapes', () => {
  const sandbox = useTestSandbox();

  const ask = async (path: string, authorization = tossBasicAuth(secretKey)) => {
    const res = await fetch(`${sandbox.url}/toss${path}`, { headers: { authorization } });
    return { status: res.status, body: (await res.json()) };
  };

  test('a paid order (the documented order id replaced by a seeded one)', async () => {
    const paid = (await sandboxOrders(sandbox)).find((order) => order.paid === 'T')!;
    const documented = fixture('toss', 'payment-by-order-id');
    const answer = await ask(documented.request!.path.replace('a4CWyWY5m89PNh7xJwhk1', paid.order_id));
    expect(answer.status).toBe(documented.response.status);
    expectDocumentedShape(answer.body, documented.response.body);
  });

  test('no payment and an unknown key', async () => {
    for (const name of ['not-found-payment', 'unauthorized-key']) {
      const documented = fixture('toss', name);
      const answer = await ask(documented.request!.path, documented.request!.headers?.authorization);
      expect(answer.status).toBe(documented.response.status);
      expectDocumentedShape(answer.body, documented.response.body);
      expect(answer.body).toEqual(documented.response.body);
    }
  });
});
