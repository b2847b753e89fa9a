// The resolver's shared counters: daily quota, rate-limit slots (GCRA), cool-downs, consecutive errors and
// LLM token windows. In Redis every check-and-take is one Lua script, so N replicas at any concurrency never
// spend a key past its quota or a provider past its rate; the in-process version keeps the same contract for
// embedded mode. Both run the same test suite.
import Redis from 'ioredis';
import { GCRA_LUA, gcraStep } from '../platform/gcra';
import type { Logger } from '../platform/logger';

export interface AcquireRequest {
  keyId: string;
  /** The quota day, e.g. "2026-11-25" (UTC), so that a new day starts a new counter. */
  day: string;
  /** null: no daily quota. */
  quota: number | null;
  /** Milliseconds until the quota counter may be forgotten (past the next midnight). */
  quotaTtlMs: number;
  /** Rate limit as GCRA: one call per intervalMs, bursts of up to `burst`; null: not limited. */
  rate: { intervalMs: number; burst: number } | null;
  /** While the shared counters are unreachable, refuse (CountersUnavailableError) instead of a per-process share. */
  failClosed?: boolean;
}

/** The shared counters cannot be reached and the call may not go ahead on a per-process share. */
export class CountersUnavailableError extends Error {}

export type AcquireResult =
  /** `errors`: the key's current streak of consecutive errors, so a success clears it only when there is one. */
  | { ok: true; used: number; errors: number; /** Admission time on the counters' clock (Redis TIME), ms. */ at?: number }
  | { ok: false; reason: 'quota'; used: number }
  /** Today's count of a key with a quota is not known (the counters lost their data): rebuild it, then retry. */
  | { ok: false; reason: 'unknown' }
  | { ok: false; reason: 'cooling' | 'rate'; waitMs: number };

export interface KeyCounters {
  acquire(request: AcquireRequest): Promise<AcquireResult>;
  /** Gives back a quota unit the provider did not serve (it refused the call before doing anything). */
  release(keyId: string, day: string): Promise<void>;
  /** Sets today's count from the usage log, once (only while it is still unknown), and marks it known. */
  restore(keyId: string, day: string, used: number, ttlMs: number): Promise<void>;
  usedToday(keyIds: string[], day: string): Promise<number[]>;
  resetUsage(keyId: string, day: string): Promise<void>;
  coolDown(keyId: string, ms: number): Promise<void>;
  coolingMs(keyIds: string[]): Promise<number[]>;
  /** Returns the count of consecutive errors after this one. */
  recordError(keyId: string): Promise<number>;
  clearErrors(keyId: string): Promise<void>;
  consecutiveErrors(keyIds: string[]): Promise<number[]>;
  /** Adds to a windowed counter (LLM tokens per minute / day, spend per month) and returns the new total. */
  add(counter: string, amount: number, ttlMs: number): Promise<number>;
  read(counters: string[]): Promise<number[]>;
  close(): Promise<void>;
}

const ACQUIRE = `
local quota = tonumber(ARGV[1])
local quotaTtl = tonumber(ARGV[2])
local interval = tonumber(ARGV[3])
local burst = tonumber(ARGV[4])
local cooling = redis.call('PTTL', KEYS[2])
if cooling > 0 then return {'cooling', cooling} end
if quota >= 0 and redis.call('EXISTS', KEYS[5]) == 0 then
  -- No mark that today's count is known: a count without one predates the mark and is kept; none at all means
  -- the data was lost (or the day is new), and the caller rebuilds it from the usage log.
  if redis.call('EXISTS', KEYS[1]) == 0 then return {'unknown', 0} end
  redis.call('SET', KEYS[5], '1', 'PX', quotaTtl)
end
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if quota >= 0 and used >= quota then return {'quota', used} end
if interval > 0 then
  local GCRA_KEY = KEYS[3]
  ${GCRA_LUA}
  if gcraWait > 0 then return {'rate', gcraWait} end
end
used = redis.call('INCR', KEYS[1])
if used == 1 then redis.call('PEXPIRE', KEYS[1], quotaTtl) end
local t = redis.call('TIME')
return {'ok', used, tonumber(redis.call('GET', KEYS[4]) or '0'), tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)}
`;

const RESTORE = `
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local restored = tonumber(ARGV[1])
if restored > used then redis.call('SET', KEYS[1], restored, 'PX', ARGV[2]) end
redis.call('SET', KEYS[2], '1', 'PX', ARGV[2])
return 1
`;

const RELEASE = `
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if used > 0 then redis.call('DECR', KEYS[1]) end
return 0
`;

const ADD = `
local total = redis.call('INCRBYFLOAT', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return total
`;

const quotaKey = (keyId: string, day: string) => `quota:${keyId}:${day}`;
const knownKey = (keyId: string, day: string) => `quota-known:${keyId}:${day}`;
const coolKey = (keyId: string) => `cool:${keyId}`;
const rateKey = (keyId: string) => `rate:${keyId}`;
const errorKey = (keyId: string) => `errors:${keyId}`;

type ScriptRedis = Redis & {
  opsAcquire(k1: string, k2: string, k3: string, k4: string, k5: string, ...args: Array<string | number>): Promise<[string, number, number?, number?]>;
  opsRelease(k1: string): Promise<number>;
  opsRestore(k1: string, k2: string, used: number, ttl: number): Promise<number>;
  opsAdd(k1: string, amount: number, ttl: number): Promise<string>;
};

export class RedisCounters implements KeyCounters {
  private readonly redis: ScriptRedis;

  constructor(url: string, keyPrefix: string) {
    const redis = new Redis(url, { keyPrefix, lazyConnect: true, maxRetriesPerRequest: 2 });
    // Reconnecting is ioredis' job; callers see each failed command (and fall back, see ResilientCounters).
    redis.on('error', () => undefined);
    redis.defineCommand('opsAcquire', { numberOfKeys: 5, lua: ACQUIRE });
    redis.defineCommand('opsRestore', { numberOfKeys: 2, lua: RESTORE });
    redis.defineCommand('opsRelease', { numberOfKeys: 1, lua: RELEASE });
    redis.defineCommand('opsAdd', { numberOfKeys: 1, lua: ADD });
    this.redis = redis as ScriptRedis;
  }

  async connect(): Promise<this> {
    await this.redis.connect();
    return this;
  }

  /** Connected and ready for commands (ioredis' `ready`): anything else means Redis is away. */
  get connected(): boolean {
    return this.redis.status === 'ready';
  }

  async acquire(request: AcquireRequest): Promise<AcquireResult> {
    const [reason, value, errors, at] = await this.redis.opsAcquire(
      quotaKey(request.keyId, request.day), coolKey(request.keyId), rateKey(request.keyId), errorKey(request.keyId), knownKey(request.keyId, request.day),
      request.quota ?? -1, request.quotaTtlMs, request.rate?.intervalMs ?? 0, request.rate?.burst ?? 1,
    );
    if (reason === 'ok') return { ok: true, used: Number(value), errors: Number(errors ?? 0), at: Number(at) };
    if (reason === 'quota') return { ok: false, reason, used: Number(value) };
    if (reason === 'unknown') return { ok: false, reason };
    return { ok: false, reason: reason as 'cooling' | 'rate', waitMs: Number(value) };
  }

  async release(keyId: string, day: string): Promise<void> {
    await this.redis.opsRelease(quotaKey(keyId, day));
  }

  async restore(keyId: string, day: string, used: number, ttlMs: number): Promise<void> {
    await this.redis.opsRestore(quotaKey(keyId, day), knownKey(keyId, day), used, Math.max(1, Math.ceil(ttlMs)));
  }

  async usedToday(keyIds: string[], day: string): Promise<number[]> {
    if (!keyIds.length) return [];
    return (await this.redis.mget(...keyIds.map((id) => quotaKey(id, day)))).map((v) => Number(v ?? 0));
  }

  async resetUsage(keyId: string, day: string): Promise<void> {
    // Known to be zero: a reset must not be undone by rebuilding the count from the usage log.
    await this.redis.multi().del(quotaKey(keyId, day), coolKey(keyId), errorKey(keyId)).set(knownKey(keyId, day), '1', 'PX', 2 * 86_400_000).exec();
  }

  async coolDown(keyId: string, ms: number): Promise<void> {
    await this.redis.set(coolKey(keyId), '1', 'PX', Math.max(1, Math.ceil(ms)));
  }

  async coolingMs(keyIds: string[]): Promise<number[]> {
    if (!keyIds.length) return [];
    const pipeline = this.redis.pipeline();
    for (const id of keyIds) pipeline.pttl(coolKey(id));
    const results = (await pipeline.exec()) ?? [];
    return results.map(([, value]) => Math.max(0, Number(value)));
  }

  async recordError(keyId: string): Promise<number> {
    return this.redis.incr(errorKey(keyId));
  }

  async clearErrors(keyId: string): Promise<void> {
    await this.redis.del(errorKey(keyId));
  }

  async consecutiveErrors(keyIds: string[]): Promise<number[]> {
    if (!keyIds.length) return [];
    return (await this.redis.mget(...keyIds.map(errorKey))).map((v) => Number(v ?? 0));
  }

  async add(counter: string, amount: number, ttlMs: number): Promise<number> {
    return Number(await this.redis.opsAdd(`sum:${counter}`, amount, Math.max(1, Math.ceil(ttlMs))));
  }

  async read(counters: string[]): Promise<number[]> {
    if (!counters.length) return [];
    return (await this.redis.mget(...counters.map((c) => `sum:${c}`))).map((v) => Number(v ?? 0));
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** The same contract in one process (embedded mode): JavaScript runs one check-and-take at a time. */
export class MemoryCounters implements KeyCounters {
  private readonly values = new Map<string, { value: number; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  private get(key: string): number {
    const entry = this.values.get(key);
    if (!entry) return 0;
    if (entry.expiresAt <= this.now()) {
      this.values.delete(key);
      return 0;
    }
    return entry.value;
  }

  private ttl(key: string): number {
    const entry = this.values.get(key);
    return entry && entry.expiresAt > this.now() ? entry.expiresAt - this.now() : 0;
  }

  private set(key: string, value: number, ttlMs: number): void {
    this.values.set(key, { value, expiresAt: this.now() + ttlMs });
  }

  async acquire(request: AcquireRequest): Promise<AcquireResult> {
    const cooling = this.ttl(coolKey(request.keyId));
    if (cooling > 0) return { ok: false, reason: 'cooling', waitMs: cooling };
    const quota = quotaKey(request.keyId, request.day);
    const used = this.get(quota);
    if (request.quota !== null && used >= request.quota) return { ok: false, reason: 'quota', used };
    if (request.rate) {
      const now = this.now();
      const step = gcraStep(this.get(rateKey(request.keyId)), now, request.rate.intervalMs, request.rate.burst);
      if (step.waitMs > 0) return { ok: false, reason: 'rate', waitMs: step.waitMs };
      this.set(rateKey(request.keyId), step.tat, step.tat - now + request.rate.intervalMs);
    }
    const entry = this.values.get(quota);
    if (entry && entry.expiresAt > this.now()) entry.value += 1;
    else this.set(quota, 1, request.quotaTtlMs);
    return { ok: true, used: used + 1, errors: this.get(errorKey(request.keyId)), at: this.now() };
  }

  async release(keyId: string, day: string): Promise<void> {
    const entry = this.values.get(quotaKey(keyId, day));
    if (entry && entry.value > 0) entry.value -= 1;
  }

  /** In one process the count lives as long as the process: it is never unknown, so there is nothing to restore. */
  async restore(keyId: string, day: string, used: number, ttlMs: number): Promise<void> {
    if (used > this.get(quotaKey(keyId, day))) this.set(quotaKey(keyId, day), used, ttlMs);
  }

  async usedToday(keyIds: string[], day: string): Promise<number[]> {
    return keyIds.map((id) => this.get(quotaKey(id, day)));
  }

  async resetUsage(keyId: string, day: string): Promise<void> {
    for (const key of [quotaKey(keyId, day), coolKey(keyId), errorKey(keyId)]) this.values.delete(key);
  }

  async coolDown(keyId: string, ms: number): Promise<void> {
    this.set(coolKey(keyId), 1, Math.max(1, ms));
  }

  async coolingMs(keyIds: string[]): Promise<number[]> {
    return keyIds.map((id) => this.ttl(coolKey(id)));
  }

  async recordError(keyId: string): Promise<number> {
    const value = this.get(errorKey(keyId)) + 1;
    this.set(errorKey(keyId), value, Number.MAX_SAFE_INTEGER / 2);
    return value;
  }

  async clearErrors(keyId: string): Promise<void> {
    this.values.delete(errorKey(keyId));
  }

  async consecutiveErrors(keyIds: string[]): Promise<number[]> {
    return keyIds.map((id) => this.get(errorKey(id)));
  }

  async add(counter: string, amount: number, ttlMs: number): Promise<number> {
    const key = `sum:${counter}`;
    const entry = this.values.get(key);
    if (entry && entry.expiresAt > this.now()) entry.value += amount;
    else this.set(key, amount, ttlMs);
    return this.get(key);
  }

  async read(counters: string[]): Promise<number[]> {
    return counters.map((c) => this.get(`sum:${c}`));
  }

  async close(): Promise<void> {
    this.values.clear();
  }
}

/** In Redis mode, behind ResilientCounters: `replicas` processes share each key when Redis is away. */
export async function openCounters(
  pubsub: { mode: 'redis'; redisUrl: string } | { mode: 'memory' },
  keyPrefix = 'opsgraph:',
  fallback: { replicas: number; logger?: Logger } = { replicas: 1 },
): Promise<KeyCounters> {
  if (pubsub.mode === 'memory') return new MemoryCounters();
  const { ResilientCounters } = await import('./counters-fallback');
  return new ResilientCounters(await new RedisCounters(pubsub.redisUrl, keyPrefix).connect(), fallback);
}
