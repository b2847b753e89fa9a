// Holding under attack (issue 11): a 1.6 KB document whose fragments fan out to 2^40 fields is refused at once
// and the gateway stays responsive, over HTTP and over graphql-ws. The gateway runs in its own process, so a
// stalled event loop there shows up here as a probe that does not answer in time, not as a hung test.
import { startTestStack, type TestStack } from './helpers/stack';
import { startGatewayProcess, type GatewayProcess } from './helpers/gateway-process';
import { subscribe } from './helpers/subscriptions';

/** `{ ...F0 }` and `fragment Fi on <root> { ...F(i+1) ...F(i+1) }` for i < depth: 2^depth leaves once spread. */
export function fanOut(depth: number, root: 'Query' | 'Subscription', leaf: string): string {
  const fragments = Array.from({ length: depth }, (_, i) => `fragment F${i} on ${root} { ...F${i + 1} ...F${i + 1} }`);
  const operation = root === 'Query' ? '{ ...F0 }' : 'subscription { ...F0 }';
  return [operation, ...fragments, `fragment F${depth} on ${root} { ${leaf} }`].join('\n');
}

describe('a fragment fan-out never stalls the gateway', () => {
  let stack: TestStack;
  let gateway: GatewayProcess;
  let admin: string;

  beforeAll(async () => {
    stack = await startTestStack();
    gateway = await startGatewayProcess(stack, { TENANT_RATE_PER_SECOND: '100000', TENANT_BURST: '100000' });
    admin = await stack.token('tenant-edge-attack');
  }, 120_000);
  afterAll(async () => {
    await gateway?.stop();
    await stack?.close();
  });

  const post = (query: string, signal?: AbortSignal) =>
    fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ query }),
      signal,
    });

  /** /health and an ordinary query each answer within a second. */
  async function expectResponsive(): Promise<void> {
    const health = await fetch(new URL('/health', gateway.url), { signal: AbortSignal.timeout(1000) });
    expect(health.status).toBe(200);
    const query = await post('{ orders(first: 1) { totalCount } }', AbortSignal.timeout(1000));
    expect(((await query.json()) as any).data).toEqual({ orders: { totalCount: expect.any(Number) } });
  }

  /** Probes until `done` settles and five more times after it, in turn (each probe must answer within 1 s). */
  async function probeThroughout(done: Promise<unknown>): Promise<void> {
    let settled = false;
    void done.then(() => (settled = true), () => (settled = true));
    while (!settled) await expectResponsive();
    for (let i = 0; i < 5; i++) await expectResponsive();
  }

  test.each([20, 30, 40])('over HTTP, a fan-out of depth %i is refused with OPERATION_TOO_COMPLEX at once', async (depth) => {
    const query = fanOut(depth, 'Query', 'orders(first: 1) { totalCount }');
    expect(query.length).toBeLessThan(2000);
    const refused = post(query, AbortSignal.timeout(1000)).then(async (response) => ({ status: response.status, body: (await response.json()) as any }));
    await probeThroughout(refused);
    const { status, body } = await refused;
    expect(status).toBe(400);
    expect(body.errors.map((error: any) => error.extensions.code)).toEqual(['OPERATION_TOO_COMPLEX']);
    expect(body.errors[0].extensions).toMatchObject({ limit: 'fields', max: 5000 });
  });

  test.each([
    ...[20, 30, 40].map((depth) => ['subscription', depth, fanOut(depth, 'Subscription', 'orderStatusChanged { previousStatus }')] as const),
    ...[20, 30, 40].map((depth) => ['query', depth, fanOut(depth, 'Query', 'orders(first: 1) { totalCount }')] as const),
  ])('over graphql-ws, a %s fan-out of depth %i is refused with OPERATION_TOO_COMPLEX at once', async (_kind, _depth, document) => {
    const subscriber = subscribe(gateway.url, admin, document);
    try {
      const ended = Promise.race([
        subscriber.ended,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no refusal within 1 s')), 1000).unref()),
      ]);
      await probeThroughout(ended);
      const { error } = await ended;
      expect((error as any[]).map((e) => e.extensions?.code)).toEqual(['OPERATION_TOO_COMPLEX']);
    } finally {
      await subscriber.stop();
    }
  });
});
