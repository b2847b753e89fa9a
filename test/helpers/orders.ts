// Orders for tests: a new paid Naver order at the sandbox synced in through the gateway, a marketplace sync, and
// a stored order found by its marketplace id.
import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import type { Marketplace } from '../../providers/registry';
import { operation, type TestStack } from './stack';

export { freshInvoice } from './sandbox';

export async function naverOrderIds(stack: TestStack, token: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let after: string | null = null;
  for (;;) {
    const page: any = await stack.request(
      `query Ids($after: String) { orders(first: 100, after: $after, filter: { marketplace: NAVER }) { pageInfo { hasNextPage endCursor } edges { node { id } } } }`,
      { after }, token,
    );
    if (page.errors) throw new Error(`orders: ${JSON.stringify(page.errors)}`);
    for (const edge of page.data.orders.edges) ids.add(edge.node.id);
    if (!page.data.orders.pageInfo.hasNextPage) return ids;
    after = page.data.orders.pageInfo.endCursor;
  }
}

/** A new paid Naver order at the sandbox, synced into the token's tenant: the opsgraph id of one that is new. */
export async function newNaverOrder(stack: TestStack, token: string): Promise<string> {
  const before = await naverOrderIds(stack, token);
  await stack.sandboxControl('orders', { marketplace: 'NAVER', count: 1 });
  // syncOrders allows each user 10 a minute: a test that needs many new orders syncs as a new operator each time.
  const syncer = await stack.token(String(decodeJwt(token).tenant), ['operator'], `syncer-${randomUUID()}`);
  const synced = await stack.request(operation('SyncOrders'), { marketplace: 'NAVER' }, syncer);
  if (synced.errors) throw new Error(`syncOrders: ${JSON.stringify(synced.errors)}`);
  // The sandbox's orders are every tenant's: this sync may also bring in orders made for another tenant's test.
  const fresh = [...(await naverOrderIds(stack, token))].filter((id) => !before.has(id));
  if (fresh.length === 0) throw new Error('the sync brought in no new Naver order');
  return fresh[fresh.length - 1];
}

export interface SyncCounts { fetched: number; created: number; updated: number }

/** `syncOrders` for one marketplace through the gateway, as `token`; the calling test fails on any error. */
export async function syncOrders(stack: TestStack, marketplace: Marketplace, token: string): Promise<SyncCounts> {
  const result = await stack.request(operation('SyncOrders'), { marketplace }, token);
  expect(result.errors).toBeUndefined();
  return result.data!.syncOrders as SyncCounts;
}

/** The stored order `{ id externalId status }` with this marketplace id, among the first 100 of that marketplace. */
export async function orderNodeOf(stack: TestStack, marketplace: Marketplace, token: string, externalId: string): Promise<any> {
  const result = await stack.request(`query { orders(first: 100, filter: { marketplace: ${marketplace} }) { edges { node { id externalId status } } } }`, {}, token);
  expect(result.errors).toBeUndefined();
  const node = result.data!.orders.edges.map((edge: any) => edge.node).find((n: any) => n.externalId === externalId);
  expect(node).toBeDefined();
  return node;
}
