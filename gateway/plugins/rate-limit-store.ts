// The counters behind the gateway's rate limits. In Redis each check-and-take is one Lua script, so every
// gateway replica sees the same count and no two concurrent requests both take the last slot (a get-then-set,
// as graphql-rate-limit's stores do, lets them all through). The in-process version keeps the same contract
// for embedded mode, where one process runs one check at a time. While Redis is unreachable, each gateway
// takes its share of every limit in process (the limit divided by the replicas) instead of failing requests.
import Redis from 'ioredis';
import { GCRA_LUA, gcraStep } from '../../platform/gcra';

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

type ScriptRedis = Redis & {
  edgeTakeWindow(key: string, cost: number, max: number, windowMs: number): Promise<number>;
  edgeTakeBucket(key: string, intervalMs: number, burst: number): Promise<number>;
};

export class RedisRateLimitStore implements RateLimitStore {
  private readonly redis: ScriptRedis;

  constructor(url: string, keyPrefix: string) {
    // Auto-pipelining: the takes of requests arriving together go out in one write and one round trip (a write per
    // take was a fifth of the gateway's CPU on one-fetch queries: bench/federation-speed.ts --cpu-prof). Scripts in
    // a pipeline still recover from NOSCRIPT (rate-limit-store.test.ts).
    const redis = new Redis(url, { keyPrefix: `${keyPrefix}edge:`, lazyConnect: true, maxRetriesPerRequest: 2, enableAutoPipelining: true });
    // Reconnecting is ioredis' job; meanwhile the fallback answers (ResilientRateLimitStore).
    redis.on('error', () => undefined);
    redis.defineCommand('edgeTakeWindow', { numberOfKeys: 1, lua: TAKE_WINDOW });
    redis.defineCommand('edgeTakeBucket', { numberOfKeys: 1, lua: TAKE_BUCKET });
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

  async takeBucket(key: string, intervalMs: number, burst: number): Promise<WaitMs> {
    return Number(await this.redis.edgeTakeBucket(`bucket:${key}`, intervalMs, burst));
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
