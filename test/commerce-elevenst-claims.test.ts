// 11st claims through the gateway (issue 12): cancellations, returns and exchanges filed at the 11st sandbox are
// synced onto Order.claims, published as CLAIM events, and answered with claimAction (취소승인, 반품승인, 반품거부).
import { DEMO_ELEVENST_CREDENTIALS } from '../sandbox/elevenst/demo';
import { syncOrders, orderNodeOf } from './helpers/orders';
import { startTestStack, type TestStack } from './helpers/stack';
import { subscribe, until, type Subscriber } from './helpers/subscriptions';

const TENANT = 'elevenst-claims-tenant';
let stack: TestStack;
let admin: string;

const CLAIM_ACTION = `mutation Claim($action: ClaimAction!, $ids: [ID!]!, $reason: String) {
  claimAction(action: $action, ids: $ids, reason: $reason) { orderId ok reason order { id status total { amount } claims { type status marketplaceStatus } } }
}`;
const CLAIMS = `query Order($id: ID!) { order(id: $id) { id status claims { type status marketplaceStatus reason requestedAt externalLineId } } }`;

beforeAll(async () => {
  stack = await startTestStack();
  await stack.keyring.addKey({ tenantId: TENANT, provider: 'ELEVENST', label: 'sandbox 11st', credentials: DEMO_ELEVENST_CREDENTIALS });
  admin = await stack.token(TENANT);
});

afterAll(async () => {
  await stack?.close();
});

const sync = () => syncOrders(stack, 'ELEVENST', admin);
const nodeOf = (externalId: string) => orderNodeOf(stack, 'ELEVENST', admin, externalId);

const claimsOf = async (id: string) => (await stack.request(CLAIMS, { id }, admin)).data!.order;

describe('11st claims', () => {
  let subscriber: Subscriber | undefined;
  afterEach(async () => {
    await subscriber?.stop();
    subscriber = undefined;
  });

  test('a 취소요청 is synced as a cancellation, published as a claim event, and approved with claimAction', async () => {
    const [ordNo] = (await stack.sandboxControl('orders', { marketplace: 'ELEVENST', count: 1 })).created as string[];
    await sync();
    const node = await nodeOf(ordNo);
    expect(node.status).toBe('PAID');
    subscriber = subscribe(stack.gateway.url, admin, 'subscription { orderStatusChanged(marketplace: ELEVENST) { cause previousStatus order { id status claims { type status } } } }');
    await subscriber.connected;

    expect((await stack.sandboxControl('orders', { marketplace: 'ELEVENST', kind: 'cancel_request', count: 1 })).changed).toEqual([ordNo]);
    await sync();
    const mine = () => subscriber!.events.filter((e) => e.data?.orderStatusChanged?.order?.id === node.id);
    await until(() => mine().length >= 1, 'the claim event');
    expect(mine()[0].data!.orderStatusChanged).toEqual({
      cause: 'CLAIM', previousStatus: 'PAID', order: { id: node.id, status: 'CANCEL_REQUESTED', claims: [{ type: 'CANCEL', status: 'REQUESTED' }] },
    });
    expect((await claimsOf(node.id)).claims).toEqual([{
      type: 'CANCEL', status: 'REQUESTED', marketplaceStatus: '01', reason: '14: 구매의사 없어짐', requestedAt: expect.any(String), externalLineId: '1',
    }]);

    // 11st refuses a cancellation only by shipping with an invoice: not a claim action here.
    const refused = await stack.request(CLAIM_ACTION, { action: 'REJECT_CANCELLATION', ids: [node.id], reason: '이미 출고했습니다' }, admin);
    expect(refused.data!.claimAction[0]).toMatchObject({ orderId: node.id, ok: false, reason: 'ELEVENST does not allow REJECT_CANCELLATION', order: { status: 'CANCEL_REQUESTED' } });

    const approved = await stack.request(CLAIM_ACTION, { action: 'APPROVE_CANCELLATION', ids: [node.id] }, admin);
    expect(approved.errors).toBeUndefined();
    expect(approved.data!.claimAction).toEqual([{
      orderId: node.id, ok: true, reason: null,
      order: { id: node.id, status: 'CANCELLED', total: { amount: 0 }, claims: [{ type: 'CANCEL', status: 'COMPLETED', marketplaceStatus: '02' }] },
    }]);
    await until(() => mine().length >= 2, 'the completed claim event');
    expect(mine()[1].data!.orderStatusChanged).toMatchObject({ cause: 'CLAIM', previousStatus: 'CANCEL_REQUESTED', order: { status: 'CANCELLED' } });
    // Answered once: 11st has no open cancellation left, and a second approval says so without calling it.
    const again = await stack.request(CLAIM_ACTION, { action: 'APPROVE_CANCELLATION', ids: [node.id] }, admin);
    expect(again.data!.claimAction[0]).toMatchObject({ ok: false, reason: expect.stringMatching(/no cancel claim/) });
    expect(await sync()).toMatchObject({ created: 0, updated: 0 });
  });

  test('a return of a delivered order is synced, a refusal is per order, and approval makes it RETURNED', async () => {
    await sync();
    const [ordNo, other] = (await stack.sandboxControl('orders', { marketplace: 'ELEVENST', kind: 'return_request', count: 2 })).changed as string[];
    expect(other).toBeDefined();
    await sync();
    const node = await nodeOf(ordNo);
    const second = await nodeOf(other);
    expect(await claimsOf(node.id)).toMatchObject({ status: 'RETURN_REQUESTED', claims: [{ type: 'RETURN', status: 'REQUESTED', marketplaceStatus: '105' }] });

    const wrong = await stack.request(CLAIM_ACTION, { action: 'APPROVE_CANCELLATION', ids: [node.id, 'no-such-order'] }, admin);
    expect(wrong.data!.claimAction[0]).toMatchObject({ orderId: node.id, ok: false, reason: expect.stringMatching(/no cancel claim/), order: { status: 'RETURN_REQUESTED' } });
    expect(wrong.data!.claimAction[1]).toMatchObject({ orderId: 'no-such-order', ok: false });

    const noReason = await stack.request(CLAIM_ACTION, { action: 'REJECT_RETURN', ids: [second.id] }, admin);
    expect(noReason.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const rejected = await stack.request(CLAIM_ACTION, { action: 'REJECT_RETURN', ids: [second.id], reason: '반품 불가 상품입니다' }, admin);
    expect(rejected.data!.claimAction[0]).toMatchObject({ ok: true, order: { status: 'DELIVERED', claims: [{ type: 'RETURN', status: 'REJECTED', marketplaceStatus: '107' }] } });

    const approved = await stack.request(CLAIM_ACTION, { action: 'APPROVE_RETURN', ids: [node.id, second.id] }, admin);
    expect(approved.errors).toBeUndefined();
    expect(approved.data!.claimAction[0]).toMatchObject({
      ok: true, order: { status: 'RETURNED', claims: [{ type: 'RETURN', status: 'COMPLETED', marketplaceStatus: '106' }] },
    });
    // The refused return is no longer open: 11st is not asked, and the order says why.
    expect(approved.data!.claimAction[1]).toMatchObject({ ok: false, reason: expect.stringMatching(/no return claim/), order: { status: 'DELIVERED' } });
    expect(await sync()).toMatchObject({ created: 0, updated: 0 });
  });

  test('an exchange request is synced as an open exchange claim', async () => {
    const [ordNo] = (await stack.sandboxControl('orders', { marketplace: 'ELEVENST', kind: 'exchange_request', count: 1 })).changed as string[];
    await sync();
    const node = await nodeOf(ordNo);
    const order = await claimsOf(node.id);
    expect(order.status).toBe('EXCHANGE_REQUESTED');
    // One claim per product line (an order with an add-on product has two).
    expect(order.claims.length).toBeGreaterThanOrEqual(1);
    for (const [i, claim] of order.claims.entries()) {
      expect(claim).toMatchObject({ type: 'EXCHANGE', status: 'REQUESTED', marketplaceStatus: '201', reason: '110: 사이즈를 잘못 선택함', externalLineId: String(i + 1) });
    }
  });
});
