// The resolver's side work that no caller waits for — the rotation log, alerts, token and spend counting, the
// usage flush — is never swallowed: each failure is logged with its cause and counted in
// opsgraph_keyring_internal_errors_total{operation}.
import { randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { MemoryEventBus } from '../platform/events';
import { createLogger } from '../platform/logger';
import { ProviderError } from '../providers/errors';
import { createTestDatabase, type TestDatabase } from '../test/helpers/database';
import { keyringInternalErrors } from './metrics';
import { MemoryCounters } from './counters';
import { Keyring } from './keyring';

let database: TestDatabase;
let keyring: Keyring;
const lines: Array<{ msg: string; operation?: string; err?: { message: string } }> = [];
const events = new MemoryEventBus();
const counters = new MemoryCounters();

beforeAll(async () => {
  database = await createTestDatabase();
  const destination = new Writable({ write: (chunk, _encoding, done) => (lines.push(JSON.parse(String(chunk))), done()) });
  keyring = await Keyring.open({ databaseUrl: database.url, masterKey: randomBytes(32), counters, events, logger: createLogger('test', 'error', destination), maxWaitMs: 10 });
});

afterAll(async () => {
  await keyring?.close();
  await database?.drop();
});

const counted = async (operation: string) => (await keyringInternalErrors.get()).values.find((v) => v.labels.operation === operation)?.value ?? 0;
const logged = (operation: string, cause: RegExp) => lines.some((line) => line.operation === operation && cause.test(line.err?.message ?? ''));
const settle = () => new Promise((resolve) => setImmediate(resolve));

test('a failed rotation-log write and a failed usage flush are logged with their cause and counted, and the rows are kept', async () => {
  const tenantId = `t-${randomUUID().slice(0, 8)}`;
  const a = await keyring.addKey({ tenantId, provider: 'SWEETTRACKER', label: 'a', credentials: { apiKey: `a-${randomUUID()}` } });
  await keyring.addKey({ tenantId, provider: 'SWEETTRACKER', label: 'b', credentials: { apiKey: `b-${randomUUID()}` } });
  const [rotations, flushes] = [await counted('rotation_log'), await counted('usage_flush')];
  await keyring.db.query('ALTER TABLE key_rotations RENAME TO key_rotations_away');
  await keyring.db.query('ALTER TABLE api_calls RENAME TO api_calls_away');
  try {
    await keyring.call({ tenantId, provider: 'SWEETTRACKER', operation: 'x' }, async (lease) => {
      if (lease.keyId === a.id) throw new ProviderError({ provider: 'sweettracker', kind: 'rate_limited', message: 'slow down', retryAfterMs: 1000 });
      return 'ok';
    });
    await keyring.flushUsage();
    await settle();
  } finally {
    await keyring.db.query('ALTER TABLE key_rotations_away RENAME TO key_rotations');
    await keyring.db.query('ALTER TABLE api_calls_away RENAME TO api_calls');
  }
  expect(await counted('rotation_log')).toBe(rotations + 1);
  // At least ours: the recorder's own 1 s timer may also flush into the renamed table on a slow machine, and each
  // failed flush counts.
  expect(await counted('usage_flush')).toBeGreaterThanOrEqual(flushes + 1);
  expect(logged('rotation_log', /key_rotations/)).toBe(true);
  expect(logged('usage_flush', /api_calls/)).toBe(true);
  await keyring.flushUsage();
  const [row] = await keyring.db.query('SELECT count(*)::int AS n FROM api_calls WHERE tenant_id = $1', [tenantId]);
  expect(row.n).toBe(2);
});

test('failed alert publishing and failed token counting are logged with their cause and counted', async () => {
  const tenantId = `t-${randomUUID().slice(0, 8)}`;
  await keyring.addKey({ tenantId, provider: 'OPENAI', label: 'ai', dailyQuota: 1, credentials: { apiKey: `sk-${randomUUID()}` } });
  const [alerts, tokens] = [await counted('alert_publish'), await counted('token_count')];
  const publish = events.publish;
  const add = counters.add;
  events.publish = async () => { throw new Error('pub/sub is down'); };
  counters.add = async () => { throw new Error('counter store is down'); };
  try {
    await keyring.call({ tenantId, provider: 'OPENAI', operation: 'chat' }, async (lease) => {
      lease.reportUsage({ model: 'gpt-4o-mini', inputTokens: 10, outputTokens: 5 });
      return 'ok';
    });
    await settle();
  } finally {
    events.publish = publish;
    counters.add = add;
  }
  expect(await counted('alert_publish')).toBe(alerts + 2); // 80% and 100% of a quota of 1, crossed by one call
  expect(await counted('token_count')).toBe(tokens + 1);
  expect(logged('alert_publish', /pub\/sub is down/)).toBe(true);
  expect(logged('token_count', /counter store is down/)).toBe(true);
});
