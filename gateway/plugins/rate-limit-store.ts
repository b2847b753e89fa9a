// The counters behind the gateway's rate limits. In Redis each check-and-take is one Lua script, so every
// gateway replica sees the same count and no two concurrent requests both take the last slot (a get-then-set,
// as graphql-rate-limit's stores do, lets them all through). The in-process version keeps the same contract
// for embedded mode, where one process runs one check at a time. While Redis is unreachable, each gateway
// takes its share of every limit in process (the limit divided by the replicas) instead of failing requests.
import Redis from 'ioredis';
import { GCRA_LUA, gcraStep } from '../../platform/gcra';
import { Lru } from '../executor/lru';

/** How long to wait before a retry can pass; 0: taken. */
export type WaitMs = number;

export interface RateLimitStore {
  /** Fixed window: takes `cost` of `max` slots in the window that started at the key's first hit. */
  takeWindow(key: string, cost: number, max: number, windowMs: number): Promise<WaitMs>;
  /** GCRA: one request per `intervalMs` on average, up to `burst` at once. */
  takeBucket(key: string, intervalMs: number, burst: number): Promise<WaitMs>;
  /** false while the shared store (Redis) is unreachable; the in-process store is always connected. */
  readonly connected: boolean;
  close(): Promise<void>;
}

const TAKE_WINDOW = `
local cost = tonumber(ARGV[1])
local max = tonumber(ARGV[2])
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if used + cost > max then
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl < 1 then ttl = 1 end
  return ttl
end
redis.call('INCRBY', KEYS[1], cost)
if used == 0 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return 0
`;

const TAKE_BUCKET = `
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local GCRA_KEY = KEYS[1]
${GCRA_LUA}
return gcraWait
`;

/**
 * GCRA taking up to ARGV[3] slots at once: as many as the bucket holds now, at most that many. Answers
 * {taken, 0}, or {0, ms until one is free}. Taking n slots is n single takes in a row (tat moves n intervals).
 */
const TAKE_BUCKET_LEASE = `
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local want = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local available = math.floor((now - tat) / interval + burst)
if available < 1 then
  return {0, math.ceil(tat + interval - burst * interval - now)}
end
local taken = math.min(want, available)
local newTat = tat + taken * interval
redis.call('SET', KEYS[1], string.format('%.4f', newTat), 'PX', math.ceil(newTat - now + interval))
return {taken, 0}
`;

type ScriptRedis = Redis & {
  edgeTakeWindow(key: string, cost: number, max: number, windowMs: number): Promise<number>;
  edgeTakeBucket(key: string, intervalMs: number, burst: number): Promise<number>;
  edgeTakeBucketLease(key: string, intervalMs: number, burst: number, want: number): Promise<[number, number]>;
};

/**
 * How long slots taken ahead stay usable (ms), and the most of a bucket one lease may hold (a share of its burst).
 * A lease holds what the bucket's rate refills in LEASE_MS, at most LEASE_SHARE of its burst: 2 for the default
 * 50/s, burst 100 (every other take goes to Redis), more for tenants with higher limits; 1 means no lease. What a lease costs the
 * limit: slots a process took but did not use before LEASE_MS are lost to the others, so a tenant at its limit may be
 * refused up to a lease's worth per replica early; it is never admitted more than the bucket allows.
 */
export const LEASE_MS = 50;
const LEASE_SHARE = 0.05;
/** Buckets with a lease in one process, at most (tenants and partners: bounded, least recently used out). */
const MAX_LEASES = 10_000;

export const leaseSize = (intervalMs: number, burst: number) =>
  Math.max(1, Math.min(Math.floor(burst * LEASE_SHARE), Math.floor(LEASE_MS / intervalMs)));

interface Lease { slots: number; until: number }

export class RedisRateLimitStore implements RateLimitStore {
  private readonly redis: ScriptRedis;
  /** Slots this process took from a bucket ahead of its requests: the next requests take from here, not Redis. */
  private readonly leases = new Lru<string, Lease>(MAX_LEASES);
  /** The lease being taken per bucket: concurrent requests wait for it rather than each asking Redis. */
  private readonly leasing = new Map<string, Promise<WaitMs>>();

  constructor(url: string, keyPrefix: string) {
    // Auto-pipelining: the takes of requests arriving together go out in one write and one round trip (a write per
    // take was a fifth of the gateway's CPU on one-fetch queries: bench/federation-speed.ts --cpu-prof). Scripts in
    // a pipeline still recover from NOSCRIPT (rate-limit-store.test.ts).
    const redis = new Redis(url, { keyPrefix: `${keyPrefix}edge:`, lazyConnect: true, maxRetriesPerRequest: 2, enableAutoPipelining: true });
    // Reconnecting is ioredis' job; meanwhile the fallback answers (ResilientRateLimitStore).
    redis.on('error', () => undefined);
    redis.defineCommand('edgeTakeWindow', { numberOfKeys: 1, lua: TAKE_WINDOW });
    redis.defineCommand('edgeTakeBucket', { numberOfKeys: 1, lua: TAKE_BUCKET });
    redis.defineCommand('edgeTakeBucketLease', { numberOfKeys: 1, lua: TAKE_BUCKET_LEASE });
    this.redis = redis as ScriptRedis;
  }

  async connect(): Promise<this> {
    await this.redis.connect();
    return this;
  }

  get connected(): boolean {
    return this.redis.status === 'ready';
  }

  async takeWindow(key: string, cost: number, max: number, windowMs: number): Promise<WaitMs> {
    return Number(await this.redis.edgeTakeWindow(`window:${key}`, cost, max, windowMs));
  }

  /**
   * One slot: from this process's lease of the bucket when it holds one, else from Redis, taking a lease's worth at
   * once when the bucket's rate is high enough for one (leaseSize). A Redis round trip per request was most of what
   * the edge cost on a cheap query (bench/federation-speed.ts, edge on against off).
   */
  async takeBucket(key: string, intervalMs: number, burst: number): Promise<WaitMs> {
    const size = leaseSize(intervalMs, burst);
    if (size <= 1) return Number(await this.redis.edgeTakeBucket(`bucket:${key}`, intervalMs, burst));
    // Two leases waited for at most: one another request took may be used up by those that waited on it first.
    for (let attempt = 0; ; attempt++) {
      const lease = this.leases.get(key);
      if (lease && lease.slots > 0 && lease.until > Date.now()) {
        lease.slots -= 1;
        return 0;
      }
      if (attempt === 2) break;
      let leasing = this.leasing.get(key);
      if (!leasing) {
        leasing = this.takeLease(key, intervalMs, burst, size).finally(() => this.leasing.delete(key));
        this.leasing.set(key, leasing);
      }
      const waitMs = await leasing;
      if (waitMs > 0) return waitMs;
    }
    return Number(await this.redis.edgeTakeBucket(`bucket:${key}`, intervalMs, burst));
  }

  private async takeLease(key: string, intervalMs: number, burst: number, size: number): Promise<WaitMs> {
    const [taken, waitMs] = (await this.redis.edgeTakeBucketLease(`bucket:${key}`, intervalMs, burst, size)).map(Number);
    if (taken > 0) this.leases.set(key, { slots: taken, until: Date.now() + LEASE_MS });
    return taken > 0 ? 0 : Math.max(1, waitMs);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

export class MemoryRateLimitStore implements RateLimitStore {
  readonly connected = true;
  private readonly windows = new Map<string, { used: number; endsAt: number }>();
  private readonly buckets = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async takeWindow(key: string, cost: number, max: number, windowMs: number): Promise<WaitMs> {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) window = { used: 0, endsAt: now + windowMs };
    if (window.used + cost > max) return Math.max(1, window.endsAt - now);
    window.used += cost;
    this.windows.set(key, window);
    return 0;
  }

  async takeBucket(key: string, intervalMs: number, burst: number): Promise<WaitMs> {
    const step = gcraStep(this.buckets.get(key) ?? 0, this.now(), intervalMs, burst);
    if (step.waitMs === 0) this.buckets.set(key, step.tat);
    return step.waitMs;
  }

  async close(): Promise<void> {
    this.windows.clear();
    this.buckets.clear();
  }
}

/**
 * Redis while it answers; while it does not, this process's share of each limit (max ÷ replicas, the rate
 * ÷ replicas, the burst ÷ replicas, at least 1), so N gateways on their own together stay within the limit.
 */
export class ResilientRateLimitStore implements RateLimitStore {
  private readonly local = new MemoryRateLimitStore();

  constructor(private readonly shared: RedisRateLimitStore, private readonly replicas: number) {}

  get connected(): boolean {
    return this.shared.connected;
  }

  private async either(shared: () => Promise<WaitMs>, local: () => Promise<WaitMs>): Promise<WaitMs> {
    if (this.shared.connected) {
      try {
        return await shared();
      } catch {
        // Redis went away mid-command: this request is counted locally like the ones after it.
      }
    }
    return local();
  }

  takeWindow(key: string, cost: number, max: number, windowMs: number): Promise<WaitMs> {
    const share = Math.max(1, Math.floor(max / this.replicas));
    return this.either(() => this.shared.takeWindow(key, cost, max, windowMs), () => this.local.takeWindow(key, cost, share, windowMs));
  }

  takeBucket(key: string, intervalMs: number, burst: number): Promise<WaitMs> {
    const share = Math.max(1, Math.floor(burst / this.replicas));
    return this.either(() => this.shared.takeBucket(key, intervalMs, burst), () => this.local.takeBucket(key, intervalMs * this.replicas, share));
  }

  async close(): Promise<void> {
    await this.shared.close();
    await this.local.close();
  }
}

export async function openRateLimitStore(
  pubsub: { mode: 'redis'; redisUrl: string } | { mode: 'memory' },
  keyPrefix: string,
  replicas = 1,
): Promise<RateLimitStore> {
  if (pubsub.mode === 'memory') return new MemoryRateLimitStore();
  return new ResilientRateLimitStore(await new RedisRateLimitStore(pubsub.redisUrl, keyPrefix).connect(), replicas);
}
