// Listing orders: sorting both ways, filters, keyset pages that stay stable while new orders arrive, and a sync
// that survives a provider timeout with every order stored exactly once.
import { seedDemoKeys } from '../scripts/seed';
import { syncOrders } from './helpers/orders';
import { startTestStack, operation, type TestStack } from './helpers/stack';

let stack: TestStack;
let admin: string;
const TENANT = 'paging-tenant';
const PAGE = `query Page($first: Int!, $after: String, $sort: OrderSort, $filter: OrderFilter) {
  orders(first: $first, after: $after, sort: $sort, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id orderedAt status marketplace } }
  }
}`;

beforeAll(async () => {
  stack = await startTestStack();
  await seedDemoKeys(stack, TENANT);
  admin = await stack.token(TENANT);
  await syncOrders(stack, 'CAFE24', admin);
});

afterAll(async () => {
  await stack?.close();
});

async function walk(variables: Record<string, unknown>, between?: () => Promise<void>): Promise<any[]> {
  const nodes: any[] = [];
  let after: string | null = null;
  for (let i = 0; i < 50; i++) {
    const page: any = await stack.request(PAGE, { first: 7, after, ...variables }, admin);
    expect(page.errors).toBeUndefined();
    nodes.push(...page.data.orders.edges.map((e: any) => e.node));
    if (i === 0 && between) await between();
    if (!page.data.orders.pageInfo.hasNextPage) break;
    after = page.data.orders.pageInfo.endCursor;
  }
  return nodes;
}

test('sorts by ordered-at both ways, each the reverse of the other', async () => {
  const newest = await walk({ sort: 'ORDERED_AT_DESC' });
  const oldest = await walk({ sort: 'ORDERED_AT_ASC' });
  expect(oldest.map((n) => n.id)).toEqual([...newest].reverse().map((n) => n.id));
  const times = oldest.map((n) => Date.parse(n.orderedAt));
  expect(times).toEqual([...times].sort((a, b) => a - b));
});

test('a cursor of one sort order is refused by the other', async () => {
  const page = await stack.request(PAGE, { first: 2, sort: 'ORDERED_AT_DESC' }, admin);
  const other = await stack.request(PAGE, { first: 2, sort: 'ORDERED_AT_ASC', after: page.data!.orders.pageInfo.endCursor }, admin);
  expect(other.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
});

test('filters by status and ordered-at range', async () => {
  const all = await walk({});
  const paid = await walk({ filter: { status: 'PAID' } });
  expect(paid.length).toBe(all.filter((n) => n.status === 'PAID').length);
  const middle = all[Math.floor(all.length / 2)].orderedAt;
  const before = await walk({ filter: { orderedBefore: middle } });
  const since = await walk({ filter: { orderedAfter: middle } });
  expect(before.length + since.length).toBe(all.length);
  expect(before.every((n) => n.orderedAt < middle)).toBe(true);
});

test('pages stay stable while new orders arrive: no order twice, none of the first list skipped', async () => {
  const before = await walk({});
  const seen = await walk({}, async () => {
    await stack.sandboxControl('orders', { marketplace: 'CAFE24', count: 5 });
    const sync = await stack.request(operation('SyncOrders'), { marketplace: 'CAFE24' }, admin);
    expect(sync.data!.syncOrders.created).toBe(5);
  });
  const ids = seen.map((n) => n.id);
  expect(new Set(ids).size).toBe(ids.length);
  // Newest first: the new orders sort before the page already read, so the walk goes on over exactly the old ones.
  expect(ids).toEqual(before.map((n) => n.id));
});

test('a sync cut short by a provider timeout stores nothing twice, and the next one completes', async () => {
  const count = async () => (await stack.request(PAGE, { first: 1 }, admin)).data!.orders.totalCount as number;
  const stored = await count();
  const created = await stack.sandboxControl('orders', { marketplace: 'CAFE24', count: 4 });
  await stack.sandboxControl('faults', { provider: 'cafe24', kind: 'timeout', count: 1 });
  const failed = await stack.request(operation('SyncOrders'), { marketplace: 'CAFE24' }, admin);
  expect(failed.errors?.[0].extensions?.code).toBe('PROVIDER_UNAVAILABLE');
  await stack.sandboxControl('reset');
  const retried = await stack.request(operation('SyncOrders'), { marketplace: 'CAFE24' }, admin);
  expect(retried.errors).toBeUndefined();
  expect(retried.data!.syncOrders.created).toBe(created.created.length);
  expect(await count()).toBe(stored + created.created.length);
}, 180_000);
