// Coupang claims through the gateway (issue 12): cancellations (출고중지요청), returns and exchanges filed at the
// Coupang sandbox are synced onto Order.claims, published as CLAIM events, and answered with claimAction.
import { DEMO_COUPANG_CREDENTIALS } from '../sandbox/coupang';
import { syncOrders, orderNodeOf } from './helpers/orders';
import { startTestStack, type TestStack } from './helpers/stack';
import { subscribe, until, type Subscriber } from './helpers/subscriptions';

const TENANT = 'coupang-claims-tenant';
let stack: TestStack;
let admin: string;

const CONFIRM = `mutation Confirm($ids: [ID!]!) { confirmOrders(ids: $ids) { orderId ok reason order { id status } } }`;
const CLAIM_ACTION = `mutation Claim($action: ClaimAction!, $ids: [ID!]!, $reason: String) {
  claimAction(action: $action, ids: $ids, reason: $reason) { orderId ok reason order { id status claims { type status marketplaceStatus } } }
}`;
const CLAIMS = `query Order($id: ID!) { order(id: $id) { id status claims { type status marketplaceStatus reason requestedAt externalLineId } } }`;

beforeAll(async () => {
  stack = await startTestStack();
  const key = await stack.keyring.addKey({ tenantId: TENANT, provider: 'COUPANG', label: 'sandbox coupang', credentials: DEMO_COUPANG_CREDENTIALS });
  // Paced below Coupang's 10/s without bursts (see test/commerce-coupang.test.ts).
  await stack.keyring.updateKey(key.id, { tenantId: TENANT, platform: false }, { ratePerSecond: 9, rateBurst: 1 });
  admin = await stack.token(TENANT);
});

afterAll(async () => {
  await stack?.close();
});

const sync = () => syncOrders(stack, 'COUPANG', admin);
const nodeOf = (externalId: string) => orderNodeOf(stack, 'COUPANG', admin, externalId);

const claimsOf = async (id: string) => (await stack.request(CLAIMS, { id }, admin)).data!.order;

describe('Coupang claims', () => {
  let subscriber: Subscriber | undefined;
  afterEach(async () => {
    await subscriber?.stop();
    subscriber = undefined;
  });

  test('a 출고중지요청 is synced as a cancellation, published as a claim event, and approved with claimAction', async () => {
    const [orderId] = (await stack.sandboxControl('orders', { marketplace: 'COUPANG', count: 1 })).created as string[];
    await sync();
    const node = await nodeOf(orderId);
    expect((await stack.request(CONFIRM, { ids: [node.id] }, admin)).data!.confirmOrders[0]).toMatchObject({ ok: true, order: { status: 'PREPARING' } });
    subscriber = subscribe(stack.gateway.url, admin, 'subscription { orderStatusChanged(marketplace: COUPANG) { cause previousStatus order { id status claims { type status } } } }');
    await subscriber.connected;

    // The buyer cancels the box being prepared: Coupang files a RELEASE_STOP_UNCHECKED receipt.
    expect((await stack.sandboxControl('orders', { marketplace: 'COUPANG', kind: 'cancel_request', count: 1 })).changed).toEqual([orderId]);
    await sync();
    const mine = () => subscriber!.events.filter((e) => e.data?.orderStatusChanged?.order?.id === node.id);
    await until(() => mine().length >= 1, 'the claim event');
    expect(mine()[0].data!.orderStatusChanged).toEqual({
      cause: 'CLAIM', previousStatus: 'PREPARING', order: { id: node.id, status: 'CANCEL_REQUESTED', claims: [{ type: 'CANCEL', status: 'REQUESTED' }] },
    });
    const requested = await claimsOf(node.id);
    expect(requested.claims).toEqual([{
      type: 'CANCEL', status: 'REQUESTED', marketplaceStatus: 'RELEASE_STOP_UNCHECKED', reason: expect.stringMatching(/.+: .+/),
      requestedAt: expect.any(String), externalLineId: expect.stringMatching(/^\d+$/),
    }]);

    // Coupang allows no refusal of a cancellation through its API: refused per order, nothing called.
    const refused = await stack.request(CLAIM_ACTION, { action: 'REJECT_CANCELLATION', ids: [node.id], reason: '이미 출고했습니다' }, admin);
    expect(refused.data!.claimAction[0]).toMatchObject({ orderId: node.id, ok: false, order: { status: 'CANCEL_REQUESTED' } });

    const approved = await stack.request(CLAIM_ACTION, { action: 'APPROVE_CANCELLATION', ids: [node.id] }, admin);
    expect(approved.errors).toBeUndefined();
    expect(approved.data!.claimAction).toEqual([{
      orderId: node.id, ok: true, reason: null,
      order: { id: node.id, status: 'CANCELLED', claims: [{ type: 'CANCEL', status: 'COMPLETED', marketplaceStatus: 'RETURNS_COMPLETED' }] },
    }]);
    await until(() => mine().length >= 2, 'the completed claim event');
    expect(mine()[1].data!.orderStatusChanged).toMatchObject({ cause: 'CLAIM', previousStatus: 'CANCEL_REQUESTED', order: { status: 'CANCELLED' } });
    // Answered once: a second approval finds no open cancellation.
    const again = await stack.request(CLAIM_ACTION, { action: 'APPROVE_CANCELLATION', ids: [node.id] }, admin);
    expect(again.data!.claimAction[0]).toMatchObject({ ok: false, reason: expect.stringMatching(/no cancel claim/) });
  });

  test('a return of a delivered order is synced, and approved with claimAction (receipt confirmed, then approved)', async () => {
    await sync();
    const [orderId] = (await stack.sandboxControl('orders', { marketplace: 'COUPANG', kind: 'return_request', count: 1 })).changed as string[];
    expect(orderId).toMatch(/^\d+$/);
    await sync();
    const node = await nodeOf(orderId);
    expect(await claimsOf(node.id)).toMatchObject({ status: 'RETURN_REQUESTED', claims: [{ type: 'RETURN', status: 'REQUESTED', marketplaceStatus: 'RETURNS_UNCHECKED' }] });

    const wrong = await stack.request(CLAIM_ACTION, { action: 'APPROVE_CANCELLATION', ids: [node.id, 'no-such-order'] }, admin);
    expect(wrong.data!.claimAction[0]).toMatchObject({ orderId: node.id, ok: false, reason: expect.stringMatching(/no cancel claim/), order: { status: 'RETURN_REQUESTED' } });
    expect(wrong.data!.claimAction[1]).toMatchObject({ orderId: 'no-such-order', ok: false });

    const approved = await stack.request(CLAIM_ACTION, { action: 'APPROVE_RETURN', ids: [node.id] }, admin);
    expect(approved.errors).toBeUndefined();
    expect(approved.data!.claimAction[0]).toMatchObject({
      ok: true, order: { status: 'RETURNED', claims: [{ type: 'RETURN', status: 'COMPLETED', marketplaceStatus: 'RETURNS_COMPLETED' }] },
    });
    expect(await sync()).toMatchObject({ created: 0, updated: 0 });
    expect((await claimsOf(node.id)).status).toBe('RETURNED');
  });

  test('an exchange request is synced as an open exchange claim', async () => {
    const [orderId] = (await stack.sandboxControl('orders', { marketplace: 'COUPANG', kind: 'exchange_request', count: 1 })).changed as string[];
    await sync();
    const node = await nodeOf(orderId);
    expect(await claimsOf(node.id)).toMatchObject({
      status: 'EXCHANGE_REQUESTED', claims: [{ type: 'EXCHANGE', status: 'REQUESTED', marketplaceStatus: 'RECEIPT', reason: expect.stringMatching(/사이즈 변경: .+/) }],
    });
  });
});
