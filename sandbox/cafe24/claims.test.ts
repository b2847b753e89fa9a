import { startSandbox, type Sandbox } from '../server';
import { cafe24Base, cafe24Token, control, fixedClock, readJson } from '../testing';

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await startSandbox({ port: 0, now: fixedClock });
});
afterEach(() => sandbox.close());

function write(method: 'POST' | 'PUT', path: string, token: string | null, requests: unknown[]) {
  return fetch(`${cafe24Base(sandbox)}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json', 'x-cafe24-api-version': '2025-12-01' },
    body: JSON.stringify({ shop_no: 1, requests }),
  });
}

async function items(token: string, orderId: string): Promise<Array<{ order_item_code: string; quantity: number; order_status: string; claim_code: string | null }>> {
  const res = await fetch(`${cafe24Base(sandbox)}/api/v2/admin/orders/${orderId}?embed=items`, { headers: { authorization: `Bearer ${token}` } });
  return (await readJson(res)).order.items;
}

describe('Cafe24 claims', () => {
  it('checks the bearer token and the write scope before any claim write', async () => {
    const [orderId] = (await control(sandbox, 'orders', { marketplace: 'CAFE24', kind: 'cancel_request', count: 1 })).body.changed;
    const request = { order_id: orderId, undone: 'T', order_item_code: [`${orderId}-01`] };
    expect((await write('PUT', '/api/v2/admin/cancellationrequests', null, [request])).status).toBe(401);
    expect((await write('PUT', '/api/v2/admin/cancellationrequests', 'not-a-token', [request])).status).toBe(401);
    const reader = (await cafe24Token(sandbox)).access_token;
    expect((await write('PUT', '/api/v2/admin/cancellationrequests', reader, [request])).status).toBe(403);
    const token = (await cafe24Token(sandbox, undefined, 'mall.write_order')).access_token;
    expect((await items(token, orderId))[0].order_status).toBe('C00');
  });

  it("moves a buyer's cancellation request to C40 or C11, once, and refuses items with nothing to answer", async () => {
    const token = (await cafe24Token(sandbox, undefined, 'mall.write_order')).access_token;
    const [first, second] = (await control(sandbox, 'orders', { marketplace: 'CAFE24', kind: 'cancel_request', count: 2 })).body.changed;
    const before = await items(token, first);
    expect(before.every((i) => i.order_status === 'C00' && i.claim_code?.startsWith('C'))).toBe(true);

    const approve = [{ order_id: first, status: 'canceled', items: before.map((i) => ({ order_item_code: i.order_item_code, quantity: i.quantity })) }];
    const approved = await write('POST', '/api/v2/admin/cancellation', token, approve);
    expect(approved.status).toBe(201);
    expect((await readJson(approved)).cancellation[0]).toMatchObject({ order_id: first, status: 'canceled', claim_code: before[0].claim_code });
    expect((await items(token, first)).map((i) => i.order_status)).toEqual(before.map(() => 'C40'));
    // Cancelled items are no request to reject any more; nothing changes.
    const late = await write('PUT', '/api/v2/admin/cancellationrequests', token, [{ order_id: first, undone: 'T', order_item_code: [before[0].order_item_code] }]);
    expect(late.status).toBe(422);

    const codes = (await items(token, second)).map((i) => i.order_item_code);
    expect((await write('PUT', '/api/v2/admin/cancellationrequests', token, [{ order_id: second, order_item_code: codes }])).status).toBe(422);
    const rejected = await write('PUT', '/api/v2/admin/cancellationrequests', token, [{ order_id: second, undone: 'T', reject_reason: '제작 중', order_item_code: codes }]);
    expect(rejected.status).toBe(200);
    expect((await items(token, second)).map((i) => i.order_status)).toEqual(codes.map(() => 'C11'));
  });

  it('takes a return request (R10), lets the carrier collect it (R20), then completes it (R40)', async () => {
    const token = (await cafe24Token(sandbox, undefined, 'mall.write_order')).access_token;
    const [orderId] = (await control(sandbox, 'orders', { marketplace: 'CAFE24', kind: 'return_request', count: 1 })).body.changed;
    const claimed = (await items(token, orderId)).map((i) => ({ order_item_code: i.order_item_code, quantity: i.quantity }));
    expect((await write('POST', '/api/v2/admin/return', token, [{ order_id: orderId, status: 'accepted', items: claimed }])).status).toBe(201);
    expect((await items(token, orderId))[0].order_status).toBe('R10');
    expect((await control(sandbox, 'orders', { marketplace: 'CAFE24', kind: 'return_collected', count: 10 })).body.changed).toContain(orderId);
    expect((await items(token, orderId))[0].order_status).toBe('R20');
    expect((await write('POST', '/api/v2/admin/return', token, [{ order_id: orderId, status: 'returned', pickup_completed: 'T', items: claimed }])).status).toBe(201);
    expect((await items(token, orderId))[0].order_status).toBe('R40');
    // A refused batch changes nothing: one bad request fails the call as a whole.
    const [other] = (await control(sandbox, 'orders', { marketplace: 'CAFE24', kind: 'return_request', count: 1 })).body.changed;
    const otherCodes = (await items(token, other)).map((i) => i.order_item_code);
    const mixed = await write('PUT', '/api/v2/admin/returnrequests', token, [
      { order_id: other, undone: 'T', order_item_code: otherCodes }, { order_id: orderId, undone: 'T', order_item_code: [claimed[0].order_item_code] },
    ]);
    expect(mixed.status).toBe(422);
    expect((await items(token, other))[0].order_status).toBe('R00');
  });
});
