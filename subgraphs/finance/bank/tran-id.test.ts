// bank_tran_id unique per day across replicas (providers/openbanking/README.md "bank_tran_id"): two finance
// instances, each with its own connection pool to the same PostgreSQL, draw concurrently and never collide; the
// format is 이용기관코드 + 'U' + 9 characters, and the counter starts again on the next Korean day.
import { openDatabase } from '../../../platform/db';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database';
import { OpenBanking1733200000300 } from '../migrations/1733200000300-OpenBanking';
import { bankTranIds } from './tran-id';

let database: TestDatabase;
const open = () => openDatabase({ url: database.url, name: 'finance', entities: [], migrations: [OpenBanking1733200000300], poolSize: 4 });

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

test('two instances drawing 300 ids at once get 300 different ids of the documented shape', async () => {
  const [a, b] = await Promise.all([open(), open()]);
  try {
    const now = () => Date.parse('2026-12-01T03:00:00Z');
    const drawA = bankTranIds(a, 'M202600001', now);
    const drawB = bankTranIds(b, 'M202600001', now);
    const ids = await Promise.all(Array.from({ length: 300 }, (_, i) => (i % 2 ? drawA() : drawB())));
    expect(new Set(ids).size).toBe(300);
    for (const id of ids) expect(id).toMatch(/^M202600001U\d{9}$/);
    expect(ids.map((id) => Number(id.slice(11))).sort((x, y) => x - y)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    // Another institution, and the next Korean day (00:00 KST is 15:00 UTC), count on their own.
    expect(await bankTranIds(a, 'T991234567', now)()).toBe('T991234567U000000001');
    expect(await bankTranIds(b, 'M202600001', () => Date.parse('2026-12-01T15:00:00Z'))()).toBe('M202600001U000000001');
  } finally {
    await Promise.all([a.destroy(), b.destroy()]);
  }
});
