// The one-statement orders page against real PostgreSQL: the same answers, byte for byte, as the two query-builder
// queries it replaced (kept below as the reference), on orders with ties on ordered_at, several tenants and every filter.
import { Brackets, type DataSource } from 'typeorm';
import { openDatabase } from '../../../platform/db';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database';
import { OrderEntity, SyncStateEntity } from '../entities/order';
import { Orders1732500000100 } from '../migrations/1732500000100-Orders';
import { OrderPaymentAndMarketplaceData1732600000100 } from '../migrations/1732600000100-OrderPaymentAndMarketplaceData';
import { OrderShipmentUpdatedAt1732700000100 } from '../migrations/1732700000100-OrderShipmentUpdatedAt';
import { OrderClaims1733000000100 } from '../migrations/1733000000100-OrderClaims';
import { toOrder } from './mapping';
import { readOrdersPage, type OrdersPageQuery } from './orders-page';
import { encodeCursor, decodeCursor, type SortDirection } from './pagination';
import type { OrderConnection, OrderFilter } from './types';

let database: TestDatabase;
let db: DataSource;
const SHOP = 'page-shop';
const OTHER = 'page-other';

/** The resolver's body before the rewrite: getCount() and getMany() of the query builder. */
async function referencePage(query: OrdersPageQuery): Promise<OrderConnection> {
  const { first, after, filter, direction } = query;
  const beyond = direction === 'ASC' ? '>' : '<';
  const qb = db.getRepository(OrderEntity).createQueryBuilder('o').where('o.tenant_id = :tenant', { tenant: query.tenant });
  if (filter?.marketplace) qb.andWhere('o.marketplace = :marketplace', { marketplace: filter.marketplace });
  if (filter?.status) qb.andWhere('o.status = :status', { status: filter.status });
  if (filter?.orderedAfter) qb.andWhere('o.ordered_at >= :orderedAfter', { orderedAfter: filter.orderedAfter });
  if (filter?.orderedBefore) qb.andWhere('o.ordered_at < :orderedBefore', { orderedBefore: filter.orderedBefore });
  if (filter?.updatedAfter) qb.andWhere('o.updated_at > :updatedAfter', { updatedAfter: filter.updatedAfter });
  if (filter?.externalId) qb.andWhere('o.external_id = :externalId', { externalId: filter.externalId });
  const totalCount = await qb.clone().getCount();
  if (after) {
    qb.andWhere(new Brackets((q) => q.where(`o.ordered_at ${beyond} :at`, { at: after.orderedAt }).orWhere(`o.ordered_at = :at AND o.id ${beyond} :id`, { id: after.id })));
  }
  const rows = await qb.orderBy('o.ordered_at', direction).addOrderBy('o.id', direction).take(first + 1).getMany();
  const edges = rows.slice(0, first).map((row) => ({ cursor: encodeCursor(row, direction), node: toOrder(row) }));
  return { totalCount, edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}

const MARKETPLACES = ['CAFE24', 'NAVER', 'COUPANG'];
const STATUSES = ['PAID', 'SHIPPING', 'CANCEL_REQUESTED'];
const BASE = Date.parse('2026-11-01T00:00:00.000Z');
/** 30 orders of SHOP, most sharing their ordered_at with one or two others, and 4 of OTHER. */
const at = (i: number) => new Date(BASE + Math.floor(i / 2.5) * 3_600_000 + (i % 7 === 0 ? 0 : 123));

async function seed(): Promise<void> {
  const rows = [];
  for (let i = 0; i < 34; i++) {
    const tenant = i < 30 ? SHOP : OTHER;
    rows.push([
      tenant, MARKETPLACES[i % 3], `ext-${i}`, STATUSES[i % STATUSES.length], `mk-${i}`, at(i < 30 ? i : i - 30),
      new Date(BASE + 86_400_000 + (i % 10) * 60_000), `buyer ${i}`, (1000 * i + 0.5 * (i % 3)).toFixed(2), i % 4 === 0 ? 'USD' : 'KRW',
      JSON.stringify([{ sku: `S${i}`, name: `item ${i}`, quantity: 1 + (i % 3), unitPrice: 12.5 * i }]),
      JSON.stringify(i % 5 === 0 ? [{ carrier: 'CJ', trackingNumber: `T${i}000000` }] : []),
      i % 2 ? JSON.stringify({ status: 'PAID', amount: 1000 * i, currency: 'KRW', paidAt: at(i).toISOString(), method: null }) : null,
      JSON.stringify({ raw: 'x'.repeat(200), i }),
      JSON.stringify(i % 6 === 1 ? [{ type: 'CANCEL', status: 'REQUESTED', marketplaceStatus: 'C00', reason: null, requestedAt: at(i).toISOString(), externalLineId: `L${i}` }] : []),
      i % 9 === 0,
    ]);
  }
  for (const row of rows) {
    await db.query(
      `INSERT INTO orders (tenant_id, marketplace, external_id, status, marketplace_status, ordered_at, updated_at, buyer_name, total_amount,
        currency, items, tracking_refs, payment, marketplace_data, claims, receiver_address_changed)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      row,
    );
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = await openDatabase({
    url: database.url,
    name: 'commerce',
    entities: [OrderEntity, SyncStateEntity],
    migrations: [Orders1732500000100, OrderPaymentAndMarketplaceData1732600000100, OrderShipmentUpdatedAt1732700000100, OrderClaims1733000000100],
  });
  await seed();
});

afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

/** Every page of a walk, as GraphQL would carry them: each answer's JSON. */
async function walk(read: (q: OrdersPageQuery) => Promise<OrderConnection>, base: Omit<OrdersPageQuery, 'after'>): Promise<OrderConnection[]> {
  const pages: OrderConnection[] = [];
  let after: string | null = null;
  for (let i = 0; i < 100; i++) {
    const page = await read({ ...base, after: after ? decodeCursor(after, base.direction) : null });
    pages.push(page);
    if (!page.pageInfo.hasNextPage) return pages;
    after = page.pageInfo.endCursor;
  }
  throw new Error('the walk did not end');
}

const ids = (pages: OrderConnection[]) => pages.flatMap((page) => page.edges.map((edge) => edge.node.id));

const FILTERS: Array<OrderFilter | null> = [
  null,
  { marketplace: 'NAVER' },
  { status: 'SHIPPING' as OrderFilter['status'] },
  { orderedAfter: at(12) },
  { orderedBefore: at(12) },
  { updatedAfter: new Date(BASE + 86_400_000 + 4 * 60_000) },
  { externalId: 'ext-7' },
  { externalId: 'no-such-order' },
  { marketplace: 'COUPANG', status: 'PAID' as OrderFilter['status'], orderedAfter: at(3), orderedBefore: at(25), updatedAfter: new Date(BASE) },
];

describe.each<SortDirection>(['DESC', 'ASC'])('sorted %s', (direction) => {
  test.each(FILTERS.map((filter) => [JSON.stringify(filter), filter] as const))(
    'answers every page of filter %s as the query builder did, byte for byte',
    async (_name, filter) => {
      for (const first of [1, 3, 7, 100]) {
        const base = { tenant: SHOP, first, filter, direction };
        const [pages, reference] = await Promise.all([walk((q) => readOrdersPage(db, q), base), walk(referencePage, base)]);
        expect(pages).toEqual(reference);
        expect(JSON.stringify(pages)).toBe(JSON.stringify(reference));
      }
    },
  );

  test('walks orders placed at the same instant one by one in id order, none twice, none skipped', async () => {
    const pages = await walk((q) => readOrdersPage(db, q), { tenant: SHOP, first: 1, filter: null, direction });
    const walked = ids(pages);
    const sign = direction === 'ASC' ? 1 : -1;
    const rows = await db.query<Array<{ id: string; ordered_at: Date }>>('SELECT id, ordered_at FROM orders WHERE tenant_id = $1', [SHOP]);
    const expected = rows
      .sort((a, b) => sign * (a.ordered_at.getTime() - b.ordered_at.getTime() || (a.id < b.id ? -1 : 1)))
      .map((row) => row.id);
    expect(walked).toEqual(expected);
    // The fixture has ties to walk through: an instant shared by several orders.
    expect(new Set(rows.map((row) => row.ordered_at.getTime())).size).toBeLessThan(rows.length - 5);
  });
});

test("totalCount is the filtered set's on every page: the cursor does not change it", async () => {
  const pages = await walk((q) => readOrdersPage(db, q), { tenant: SHOP, first: 4, filter: { marketplace: 'NAVER' }, direction: 'DESC' });
  expect(pages.length).toBe(3);
  expect(pages.map((page) => page.totalCount)).toEqual([10, 10, 10]);
  expect(ids(pages)).toHaveLength(10);
});

test('the last page has no next page; a cursor at the end answers no edges, the count and no end cursor', async () => {
  const pages = await walk((q) => readOrdersPage(db, q), { tenant: SHOP, first: 10, filter: null, direction: 'DESC' });
  expect(pages.map((page) => [page.edges.length, page.pageInfo.hasNextPage])).toEqual([[10, true], [10, true], [10, false]]);
  const end = decodeCursor(pages[2].pageInfo.endCursor!, 'DESC');
  const beyond = await readOrdersPage(db, { tenant: SHOP, first: 10, after: end, filter: null, direction: 'DESC' });
  expect(beyond).toEqual({ totalCount: 30, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  expect(beyond).toEqual(await referencePage({ tenant: SHOP, first: 10, after: end, filter: null, direction: 'DESC' }));
});

test("a tenant without orders gets an empty page, and no tenant sees another's orders", async () => {
  const empty = { tenant: 'page-nobody', first: 20, after: null, filter: null, direction: 'DESC' as const };
  expect(await readOrdersPage(db, empty)).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  const other = await readOrdersPage(db, { ...empty, tenant: OTHER });
  expect(other.totalCount).toBe(4);
  expect(other.edges.map((edge) => edge.node.externalId).sort()).toEqual(['ext-30', 'ext-31', 'ext-32', 'ext-33']);
});

test('an order reads as the entity did: dates as Date, numeric amounts as numbers, jsonb parsed', async () => {
  const page = await readOrdersPage(db, { tenant: SHOP, first: 1, after: null, filter: { externalId: 'ext-13' }, direction: 'DESC' });
  const node = page.edges[0].node;
  expect(node.orderedAt).toBeInstanceOf(Date);
  expect(node.updatedAt).toBeInstanceOf(Date);
  expect(node.total).toEqual({ amount: 13000.5, currency: 'KRW' });
  expect(node.items).toEqual([{ sku: 'S13', name: 'item 13', quantity: 2, unitPrice: { amount: 162.5, currency: 'KRW' } }]);
  expect(node.claims[0]).toMatchObject({ type: 'CANCEL', requestedAt: at(13) });
  expect(JSON.parse(node.marketplacePayment!)).toMatchObject({ status: 'PAID', amount: 13000 });
});
