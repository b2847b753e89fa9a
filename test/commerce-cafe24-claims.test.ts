// Cafe24 claims through the gateway (issue 12): cancellations, returns and exchanges filed at the Cafe24 sandbox mall
// (item order_status C, R, E) are synced onto Order.claims, published as CLAIM events, and answered with claimAction.
import { randomUUID } from 'node:crypto';
import { seedDemoKeys } from '../scripts/seed';
import { operation, startTestStack, type TestStack } from './helpers/stack';
import { subscribe, until, type Subscriber } from './helpers/subscriptions';

const TENANT = `cafe24-claims-${randomUUID().slice(0, 8)}`;
let stack: TestStack;
let admin: string;

const CLAIM_ACTION = `mutation Claim($action: ClaimAction!, $ids: [ID!]!, $reason: String) {
  claimAction(action: $action, ids: $ids, reason: $reason) { orderId ok reason order { id status claims { type status marketplaceStatus } } }
}`;
const NODES = `query($after: String) { orders(first: 100, after: $after, filter: { marketplace: CAFE24 }) { pageInfo { hasNextPage endCursor } edges { node { id externalId status } } } }`;
const CLAIMS = `query Order($id: ID!) { order(id: $id) { id status claims { type status marketplaceStatus reason requestedAt externalLineId } } }`;

beforeAll(async () => {
  stack = await startTestStack();
  await seedDemoKeys(stack, TENANT);
  admin = await stack.token(TENANT, ['admin']);
});

afterAll(async () => {
  await stack?.close();
});

async function sync() {
  const result = await stack.request(operation('SyncOrders'), { marketplace: 'CAFE24' }, admin);
  expect(result.errors).toBeUndefined();
  return result.data!.syncOrders as { fetched: number; created: number; updated: number };
}

async function nodeOf(externalId: string): Promise<{ id: string; status: string }> {
  for (let after: string | null = null; ;) {
    const result: { data?: any; errors?: unknown } = await stack.request(NODES, { after }, admin);
    expect(result.errors).toBeUndefined();
    const { edges, pageInfo }: { edges: Array<{ node: { id: string; externalId: string; status: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string } } = result.data.orders;
    const found = edges.map((edge) => edge.node).find((n) => n.externalId === externalId);
    if (found) return found;
    if (!pageInfo.hasNextPage) throw new Error(`order ${externalId} was not synced`);
    after = pageInfo.endCursor;
  }
}

const claimsOf = async (id: string) => (await stack.request(CLAIMS, { id }, admin)).data!.order;
const buyer = async (kind: string, count = 1) => ((await stack.sandboxControl('orders', { marketplace: 'CAFE24', kind, count })) as { changed: string[] }).changed;

/**
 * `count` buyers' claims of `kind`; when the seeded mall has too few orders in the status it takes (random seed),
 * orders are moved on (status_change: at most four steps from 입금전 to 배송완료) until it has.
 */
async function claimed(kind: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let round = 0; round < 12 && ids.length < count; round += 1) {
    if (round > 0) await stack.sandboxControl('orders', { marketplace: 'CAFE24', kind: 'status_change', count: 10 });
    ids.push(...await buyer(kind, count - ids.length));
  }
  expect(ids).toHaveLength(count);
  return ids;
}

describe('Cafe24 claims', () => {
  let subscriber: Subscriber | undefined;
  afterEach(async () => {
    await subscriber?.stop();
    subscriber = undefined;
  });

  test('a 취소신청 is synced as a cancellation, published as a claim event, and approved with claimAction', async () => {
    await sync();
    subscriber = subscribe(stack.gateway.url, admin, 'subscription { orderStatusChanged(marketplace: CAFE24) { cause previousStatus order { id status claims { type status } } } }');
    await subscriber.connected;
    const [orderId] = await claimed('cancel_request', 1);
    await sync();
    const node = await nodeOf(orderId);
    const mine = () => subscriber!.events.filter((e) => e.data?.orderStatusChanged?.order?.id === node.id);
    await until(() => mine().length >= 1, 'the claim event');
    expect(mine()[0].data!.orderStatusChanged).toMatchObject({
      cause: 'CLAIM', previousStatus: expect.stringMatching(/^(PAID|PREPARING)$/), order: { id: node.id, status: 'CANCEL_REQUESTED' },
    });
    const order = await claimsOf(node.id);
    expect(order.status).toBe('CANCEL_REQUESTED');
    for (const claim of order.claims) {
      expect(claim).toEqual({
        type: 'CANCEL', status: 'REQUESTED', marketplaceStatus: 'C00', reason: 'A: 단순 변심', requestedAt: expect.any(String),
        externalLineId: expect.stringMatching(new RegExp(`^${orderId}-\\d{2}$`)),
      });
    }

    const approved = await stack.request(CLAIM_ACTION, { action: 'APPROVE_CANCELLATION', ids: [node.id, 'no-such-order'] }, admin);
    expect(approved.errors).toBeUndefined();
    expect(approved.data!.claimAction[0]).toEqual({
      orderId: node.id, ok: true, reason: null,
      order: { id: node.id, status: 'CANCELLED', claims: order.claims.map(() => ({ type: 'CANCEL', status: 'COMPLETED', marketplaceStatus: 'C40' })) },
    });
    expect(approved.data!.claimAction[1]).toMatchObject({ orderId: 'no-such-order', ok: false });
    await until(() => mine().some((e) => e.data!.orderStatusChanged.order.status === 'CANCELLED'), 'the completed claim event');
    expect(mine().at(-1)!.data!.orderStatusChanged).toMatchObject({ cause: 'CLAIM', previousStatus: 'CANCEL_REQUESTED', order: { status: 'CANCELLED' } });
    // Answered once: nothing is open, and a second approval says so without calling Cafe24.
    const again = await stack.request(CLAIM_ACTION, { action: 'APPROVE_CANCELLATION', ids: [node.id] }, admin);
    expect(again.data!.claimAction[0]).toMatchObject({ ok: false, reason: expect.stringMatching(/no item in C00 or C10/) });
    expect(await sync()).toMatchObject({ created: 0, updated: 0 });
  });

  test('a rejected cancellation request leaves the order as it was, with the refused claim shown', async () => {
    const [orderId] = await claimed('cancel_request', 1);
    await sync();
    const node = await nodeOf(orderId);
    const noReason = await stack.request(CLAIM_ACTION, { action: 'REJECT_CANCELLATION', ids: [node.id] }, admin);
    expect(noReason.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const rejected = await stack.request(CLAIM_ACTION, { action: 'REJECT_CANCELLATION', ids: [node.id], reason: '이미 제작에 들어갔습니다' }, admin);
    expect(rejected.errors).toBeUndefined();
    expect(rejected.data!.claimAction[0]).toMatchObject({
      ok: true, order: { status: expect.stringMatching(/^(PAID|PREPARING)$/), claims: expect.arrayContaining([{ type: 'CANCEL', status: 'REJECTED', marketplaceStatus: 'C11' }]) },
    });
  });

  test("a return is accepted for collection, collected, then approved to RETURNED; refusals are per order", async () => {
    const [orderId, other] = await claimed('return_request', 2);
    await sync();
    const node = await nodeOf(orderId);
    const second = await nodeOf(other);
    expect(await claimsOf(node.id)).toMatchObject({ status: 'RETURN_REQUESTED', claims: expect.arrayContaining([expect.objectContaining({ type: 'RETURN', status: 'REQUESTED', marketplaceStatus: 'R00', reason: 'E: 상품 불만족' })]) });

    const wrong = await stack.request(CLAIM_ACTION, { action: 'APPROVE_CANCELLATION', ids: [node.id] }, admin);
    expect(wrong.data!.claimAction[0]).toMatchObject({ ok: false, reason: expect.stringMatching(/no item in C00 or C10/), order: { status: 'RETURN_REQUESTED' } });

    const rejected = await stack.request(CLAIM_ACTION, { action: 'REJECT_RETURN', ids: [second.id], reason: '반품 기한이 지났습니다' }, admin);
    expect(rejected.data!.claimAction[0]).toMatchObject({ ok: true, order: { status: 'DELIVERED', claims: expect.arrayContaining([{ type: 'RETURN', status: 'REJECTED', marketplaceStatus: 'R11' }]) } });

    const accepted = await stack.request(CLAIM_ACTION, { action: 'APPROVE_RETURN', ids: [node.id, second.id] }, admin);
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data!.claimAction[0]).toMatchObject({ ok: true, order: { status: 'RETURN_REQUESTED', claims: expect.arrayContaining([{ type: 'RETURN', status: 'COLLECTING', marketplaceStatus: 'R10' }]) } });
    // The refused return is no longer open: Cafe24 is not asked, and the order says why.
    expect(accepted.data!.claimAction[1]).toMatchObject({ ok: false, reason: expect.stringMatching(/no item in R00/), order: { status: 'DELIVERED' } });

    expect(await buyer('return_collected', 100)).toContain(orderId);
    await sync();
    expect((await claimsOf(node.id)).claims).toEqual(expect.arrayContaining([expect.objectContaining({ status: 'COLLECTED', marketplaceStatus: 'R20' })]));
    const completed = await stack.request(CLAIM_ACTION, { action: 'APPROVE_RETURN', ids: [node.id] }, admin);
    expect(completed.data!.claimAction[0]).toMatchObject({ ok: true, order: { status: 'RETURNED', claims: expect.arrayContaining([{ type: 'RETURN', status: 'COMPLETED', marketplaceStatus: 'R40' }]) } });
  });

  test('an exchange request is synced as an open exchange claim, which Cafe24 has no claimAction for', async () => {
    const [orderId] = await claimed('exchange_request', 1);
    await sync();
    const node = await nodeOf(orderId);
    const order = await claimsOf(node.id);
    expect(order.status).toBe('EXCHANGE_REQUESTED');
    for (const claim of order.claims) expect(claim).toMatchObject({ type: 'EXCHANGE', status: 'REQUESTED', marketplaceStatus: 'E00', reason: 'A: 사이즈 변경' });
    const refused = await stack.request(CLAIM_ACTION, { action: 'APPROVE_RETURN', ids: [node.id] }, admin);
    expect(refused.data!.claimAction[0]).toMatchObject({ ok: false, order: { status: 'EXCHANGE_REQUESTED' } });
  });
});
