// Cafe24 rotates its refresh token on every refresh: two replicas refreshing at once must not lose it.
// Two key resolvers (separate connection pools, as two processes have) share the sealed session row.
import { randomBytes } from 'node:crypto';
import { Keyring } from '../keyring/keyring';
import { keyringTokenStore } from '../subgraphs/commerce/sync/cafe24';
import { Cafe24Client } from '../providers/cafe24';
import { connectInSandbox } from '../providers/test-support/cafe24';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { DEMO_CREDENTIALS } from '../sandbox/demo';
import { createTestDatabase, type TestDatabase } from './helpers/database';

let database: TestDatabase;
let sandbox: Sandbox;
let replicas: Keyring[] = [];
const masterKey = randomBytes(32);

beforeAll(async () => {
  database = await createTestDatabase();
  sandbox = await startSandbox({ port: 0 });
  replicas = [await Keyring.open({ databaseUrl: database.url, masterKey }), await Keyring.open({ databaseUrl: database.url, masterKey })];
});

afterAll(async () => {
  for (const keyring of replicas) await keyring.close();
  await sandbox?.close();
  await database?.drop();
});

const calls = async () => ((await (await fetch(`${sandbox.url}/__sandbox/calls`)).json()) as any).cafe24.byEndpoint as Record<string, number>;
const today = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);

test('two replicas refreshing an expired token at once refresh once, store the new pair sealed, and both succeed', async () => {
  const key = await replicas[0].addKey({ tenantId: 't', provider: 'CAFE24', label: 'mall', credentials: DEMO_CREDENTIALS.cafe24 });
  const clients = replicas.map(
    (keyring) =>
      new Cafe24Client({
        baseUrl: `${sandbox.url}/cafe24/{mall_id}`, ...DEMO_CREDENTIALS.cafe24, redirectUri: 'https://opsgraph.test/oauth/cafe24/callback',
        tokens: keyringTokenStore(keyring, key.id),
      }),
  );
  await connectInSandbox(clients[0], DEMO_CREDENTIALS.cafe24.mallId);
  await clients[0].countOrders({ startDate: today(), endDate: today() });
  const first = await replicas[0].readSession<{ accessToken: string; refreshToken: string }>(key.id);
  // Past the access token's two hours (the sandbox's own clock), so the next calls must refresh.
  await fetch(`${sandbox.url}/__sandbox/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs: 2 * 3_600_000 + 1 }) });
  const before = (await calls())['POST /api/v2/oauth/token'] ?? 0;
  const counts = await Promise.all(clients.flatMap((client) => [1, 2, 3].map(() => client.countOrders({ startDate: today(), endDate: today() }))));
  expect(counts.every((count) => typeof count === 'number')).toBe(true);
  expect((await calls())['POST /api/v2/oauth/token']).toBe(before + 1);
  const stored = await replicas[1].readSession<{ accessToken: string; refreshToken: string }>(key.id);
  expect(stored!.refreshToken).not.toBe(first!.refreshToken);
  const [row] = await replicas[0].db.query('SELECT sealed_session FROM provider_keys WHERE id = $1', [key.id]);
  expect(row.sealed_session).not.toContain(stored!.refreshToken);
  // The stored refresh token is the live one: the next refresh with it succeeds.
  await fetch(`${sandbox.url}/__sandbox/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs: 2 * 3_600_000 + 1 }) });
  await expect(clients[1].countOrders({ startDate: today(), endDate: today() })).resolves.toEqual(expect.any(Number));
  expect((await calls())['GET /api/v2/oauth/authorize']).toBe(1); // only the first connection needed a new authorization
});
