// The key resolver's behaviour against real PostgreSQL, with in-process counters on an injectable clock.
import { randomBytes, randomUUID } from 'node:crypto';
import { MemoryEventBus, type OpsEvent } from '../platform/events';
import { ProviderError } from '../providers/errors';
import { createTestDatabase, type TestDatabase } from '../test/helpers/database';
import { MemoryCounters } from './counters';
import { Keyring } from './keyring';

let database: TestDatabase;
let clock = new Date('2026-11-25T23:58:00Z').getTime();
const now = () => new Date(clock);
let keyring: Keyring;
const events = new MemoryEventBus();
const published: OpsEvent[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  keyring = await Keyring.open({
    databaseUrl: database.url, masterKey: randomBytes(32), counters: new MemoryCounters(() => clock), events, now,
    maxWaitMs: 50, sleep: async (ms) => void (clock += ms), breaker: { failureThreshold: 2, coolDownMs: 10_000 },
  });
  // Every event the resolver publishes, whatever its topic.
  const publish = events.publish.bind(events);
  events.publish = async (event) => {
    published.push(event);
    await publish(event);
  };
});

afterAll(async () => {
  await keyring?.close();
  await database?.drop();
});

const tenant = () => `t-${randomUUID().slice(0, 8)}`;
type ApiKeyProvider = 'SWEETTRACKER' | 'AFTERSHIP' | 'ELEVENST';
const add = (tenantId: string | null, label: string, extra: { dailyQuota?: number; provider?: ApiKeyProvider } = {}) =>
  keyring.addKey({
    tenantId, provider: extra.provider ?? 'SWEETTRACKER', label, credentials: { apiKey: `key-${label}-${randomUUID()}` }, dailyQuota: extra.dailyQuota,
  });
const providerError = (kind: ProviderError['kind'], retryAfterMs?: number) =>
  new ProviderError({ provider: 'sweettracker', kind, message: `sandbox says ${kind}`, retryAfterMs });
const call = (tenantId: string, fn: (keyId: string) => Promise<string>, provider: ApiKeyProvider = 'SWEETTRACKER') =>
  keyring.call({ tenantId, provider, operation: 'trackingInfo' }, (lease) => fn(lease.keyId));

test('rotates to the next key when the provider answers 429, and rests the first for as long as it asked', async () => {
  const t = tenant();
  const a = await add(t, 'a');
  const b = await add(t, 'b');
  const seen: string[] = [];
  const result = await call(t, async (keyId) => {
    seen.push(keyId);
    if (keyId === a.id) throw providerError('rate_limited', 60_000);
    return 'served';
  });
  expect(result).toBe('served');
  expect(seen).toEqual([a.id, b.id]);
  const [first] = await keyring.listKeys(t);
  expect(first.status).toBe('COOLING_DOWN');
  expect(first.usedToday).toBe(0); // the refused call gave its quota unit back
  // While it cools down, calls go straight to b; after the Retry-After, a is back.
  seen.length = 0;
  await call(t, async (keyId) => (seen.push(keyId), 'ok'));
  expect(seen).toEqual([b.id]);
  clock += 60_001;
  expect((await keyring.listKeys(t))[0].status).toBe('ACTIVE');
  await keyring.flushUsage();
  const rotations = await keyring.db.query('SELECT from_key_id, to_key_id, reason FROM key_rotations WHERE tenant_id = $1', [t]);
  expect(rotations).toEqual([{ from_key_id: a.id, to_key_id: b.id, reason: 'previous key refused the call' }]);
});

test('an authentication failure disables the key at once, with the reason, and the call moves on', async () => {
  const t = tenant();
  const a = await add(t, 'a');
  await add(t, 'b');
  await call(t, async (keyId) => {
    if (keyId === a.id) throw providerError('auth');
    return 'ok';
  });
  const [disabled] = await keyring.listKeys(t);
  expect(disabled).toMatchObject({ status: 'DISABLED', disabledReason: expect.stringContaining('refused the credentials') });
  expect(published.some((e) => e.type === 'key.disabled' && e.keyId === a.id)).toBe(true);
});

test("a spent account (the provider's error mapping says so) disables the key, unlike a plain 429, and the call moves on", async () => {
  const t = tenant();
  const a = await add(t, 'a');
  const b = await add(t, 'b');
  await call(t, async (keyId) => {
    if (keyId === a.id) throw new ProviderError({ provider: 'sweettracker', kind: 'rate_limited', message: 'account spent', accountSpent: true });
    return 'ok';
  });
  const keys = await keyring.listKeys(t);
  expect(keys.find((key) => key.id === a.id)).toMatchObject({ status: 'DISABLED', disabledReason: expect.stringContaining('out of quota') });
  expect(keys.find((key) => key.id === b.id)?.status).toBe('ACTIVE');
});

test('five consecutive errors disable a key; a success in between resets the streak', async () => {
  // A second, healthy key serves each call, so the provider as a whole never looks down (no breaker).
  const t = tenant();
  const a = await add(t, 'a', { provider: 'AFTERSHIP' });
  await add(t, 'b', { provider: 'AFTERSHIP' });
  let aFails = true;
  const once = () =>
    // A second apart on the clock: AfterShip's 5 calls/s is not what this test is about.
    (clock += 1000, call)(t, async (keyId) => {
      if (keyId === a.id && aFails) throw providerError('server');
      return 'ok';
    }, 'AFTERSHIP');
  for (let i = 0; i < 4; i++) await once();
  aFails = false;
  await once(); // a succeeds: its streak starts over
  aFails = true;
  for (let i = 0; i < 4; i++) await once();
  expect((await keyring.listKeys(t, 'AFTERSHIP'))[0]).toMatchObject({ status: 'ACTIVE', consecutiveErrors: 4 });
  await once();
  expect((await keyring.listKeys(t, 'AFTERSHIP'))[0]).toMatchObject({ status: 'DISABLED', disabledReason: '5 consecutive errors, the last: server' });
});

test('a provider failing for two tenants opens the breaker: fail fast, then one probe after the cool-down', async () => {
  const [t1, t2] = [tenant(), tenant()];
  await add(t1, 'a');
  await add(t2, 'b');
  let calls = 0;
  const failing = async () => {
    calls += 1;
    throw providerError('timeout');
  };
  await expect(call(t1, failing)).rejects.toMatchObject({ extensions: { code: 'PROVIDER_UNAVAILABLE' } });
  await expect(call(t2, failing)).rejects.toMatchObject({ extensions: { code: 'PROVIDER_UNAVAILABLE' } });
  const before = calls;
  await expect(call(t1, failing)).rejects.toThrow(/failing on every key/);
  expect(calls).toBe(before); // fast: the provider was not called
  clock += 10_001;
  await expect(call(t1, async () => 'back')).resolves.toBe('back');
  for (const t of [t1, t2]) await keyring.setEnabled((await keyring.listKeys(t))[0].id, { tenantId: t, platform: false }, true);
});

test("one tenant's failing keys never open the breaker for the others", async () => {
  const [alone, other] = [tenant(), tenant()];
  await add(alone, 'broken');
  await add(other, 'fine');
  for (let i = 0; i < 4; i++) {
    await expect(call(alone, async () => { throw providerError('server'); })).rejects.toMatchObject({ extensions: { code: 'PROVIDER_UNAVAILABLE' } });
  }
  // The failures stay with their own tenant: its next call still reaches the provider, and so does everyone else's.
  await expect(call(other, async () => 'served')).resolves.toBe('served');
  expect(keyring.resolver.breaker('SWEETTRACKER').state).toBe('closed');
});

test('quota: exhausted keys give QUOTA_EXHAUSTED with the next reset, alerts fire once at 80% and 100%, midnight resets', async () => {
  clock = new Date('2026-11-25T23:50:00Z').getTime();
  const t = tenant();
  const key = await add(t, 'q', { dailyQuota: 5 });
  for (let i = 0; i < 5; i++) await call(t, async () => 'ok');
  await expect(call(t, async () => 'ok')).rejects.toMatchObject({
    extensions: { code: 'QUOTA_EXHAUSTED', resetAt: '2026-11-26T00:00:00.000Z' },
  });
  expect((await keyring.listKeys(t))[0]).toMatchObject({ status: 'EXHAUSTED', usedToday: 5 });
  await new Promise((resolve) => setImmediate(resolve));
  const alerts = published.filter((e) => e.type === 'key.quota' && e.keyId === key.id).map((e) => (e as { threshold: number }).threshold);
  expect(alerts).toEqual([80, 100]);
  clock = new Date('2026-11-26T00:00:01Z').getTime();
  await expect(call(t, async () => 'new day')).resolves.toBe('new day');
  expect((await keyring.listKeys(t))[0]).toMatchObject({ status: 'ACTIVE', usedToday: 1 });
});

test("the tenant's own keys come before the shared pool, and among them the one with most quota left", async () => {
  const t = tenant();
  const shared = await add(null, `shared-${t}`);
  const small = await add(t, 'small', { dailyQuota: 3 });
  const large = await add(t, 'large', { dailyQuota: 10 });
  const used: string[] = [];
  for (let i = 0; i < 9; i++) await call(t, async (keyId) => (used.push(keyId), 'ok'));
  // large 10 → 7 left ties small's 3 only after 7 calls; the shared key is never needed.
  expect(used.filter((id) => id === shared.id)).toHaveLength(0);
  expect(used.slice(0, 7).every((id) => id === large.id)).toBe(true);
  expect(new Set(used.slice(7))).toEqual(new Set([large.id, small.id]));
  // With both own keys spent, the shared pool serves.
  for (let i = 0; i < 4; i++) await call(t, async () => 'ok');
  await expect(call(t, async (keyId) => keyId)).resolves.toBe(shared.id);
});

test('a call that cannot get a rate slot in time fails with RATE_LIMITED and retryAfter', async () => {
  const t = tenant();
  const key = await add(t, 'slow', { provider: 'ELEVENST' });
  await keyring.updateKey(key.id, { tenantId: t, platform: false }, { ratePerSecond: 0.1, rateBurst: 1 });
  await call(t, async () => 'first', 'ELEVENST');
  await expect(call(t, async () => 'second', 'ELEVENST')).rejects.toMatchObject({ extensions: { code: 'RATE_LIMITED', retryAfter: 10 } });
});

test('tenant B cannot use or manage tenant A keys', async () => {
  const a = tenant();
  const b = tenant();
  const key = await add(a, 'private', { provider: 'AFTERSHIP' });
  await expect(call(b, async () => 'stolen', 'AFTERSHIP')).rejects.toMatchObject({ extensions: { code: 'NO_PROVIDER_KEY' } });
  await expect(keyring.getKey(key.id, { tenantId: b, platform: false })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  expect(await keyring.listKeys(b)).toEqual([]);
});

test('an AI spend budget stops AI calls once spent, until the next month', async () => {
  const t = tenant();
  await keyring.addKey({ tenantId: t, provider: 'OPENAI', label: 'ai', credentials: { apiKey: `sk-${randomUUID()}` } });
  await keyring.setAiBudget(t, 0.01);
  const ai = () =>
    keyring.call({ tenantId: t, provider: 'OPENAI', operation: 'chat' }, async (lease) => {
      lease.reportUsage({ model: 'gpt-4o-mini-2024-07-18', inputTokens: 40_000, outputTokens: 10_000 }); // $0.012
      return 'answer';
    });
  await expect(ai()).resolves.toBe('answer');
  await new Promise((resolve) => setImmediate(resolve));
  await expect(ai()).rejects.toMatchObject({ extensions: { code: 'QUOTA_EXHAUSTED' } });
  await keyring.flushUsage();
  const [row] = await keyring.db.query('SELECT sum(input_tokens) AS input, sum(cost_usd) AS cost FROM api_calls WHERE tenant_id = $1', [t]);
  expect(Number(row.input)).toBe(40_000);
  expect(Number(row.cost)).toBeCloseTo(0.012, 6);
});

describe('LLM token windows per key', () => {
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  const llm = (tenantId: string, tokens: number) =>
    keyring.call({ tenantId, provider: 'OPENAI', operation: 'chat' }, async (lease) => {
      lease.reportUsage({ model: 'gpt-4o-mini', inputTokens: tokens, outputTokens: 0 });
      return lease.keyId;
    });
  const addLlmKey = async (tenantId: string, limits: { tokensPerMinute?: number; tokensPerDay?: number }) => {
    const key = await keyring.addKey({ tenantId, provider: 'OPENAI', label: 'ai', credentials: { apiKey: `sk-${randomUUID()}` } });
    await keyring.updateKey(key.id, { tenantId, platform: false }, limits);
    return key;
  };

  test('tokensPerMinute: a key whose minute is full is passed over until the next minute', async () => {
    clock = new Date('2026-11-27T10:00:05Z').getTime();
    const t = tenant();
    const key = await addLlmKey(t, { tokensPerMinute: 100 });
    await llm(t, 80);
    await settle();
    await llm(t, 30); // admitted at 80 of 100; counted after it answers
    await settle();
    await expect(llm(t, 1)).rejects.toMatchObject({ extensions: { code: 'QUOTA_EXHAUSTED' } });
    // With a second key, the call moves there instead.
    const spare = await keyring.addKey({ tenantId: t, provider: 'OPENAI', label: 'spare', credentials: { apiKey: `sk-${randomUUID()}` } });
    await expect(llm(t, 1)).resolves.toBe(spare.id);
    await keyring.deleteKey(spare.id, { tenantId: t, platform: false });
    clock += 60_000;
    await expect(llm(t, 1)).resolves.toBe(key.id);
  });

  test('tokensPerDay: a key whose day is full is passed over until the next UTC day', async () => {
    clock = new Date('2026-11-27T23:50:00Z').getTime();
    const t = tenant();
    const key = await addLlmKey(t, { tokensPerDay: 500 });
    for (let i = 0; i < 5; i++) {
      clock += 61_000; // a new minute each time: only the day's window can be what refuses
      await llm(t, 100);
      await settle();
    }
    clock += 61_000;
    await expect(llm(t, 1)).rejects.toMatchObject({ extensions: { code: 'QUOTA_EXHAUSTED' } });
    clock = new Date('2026-11-28T00:00:01Z').getTime();
    await expect(llm(t, 1)).resolves.toBe(key.id);
  });
});
