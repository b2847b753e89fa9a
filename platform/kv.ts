// Shared short-lived state (caches, later counters): Redis at REDIS_URL so every replica sees the same
// values, or an in-process map in embedded mode. Both honour the same contract, tested by one suite.
import Redis from 'ioredis';

export interface KeyValueStore {
  readonly kind: 'redis' | 'memory';
  get(key: string): Promise<string | null>;
  getMany(keys: string[]): Promise<Array<string | null>>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Reads and deletes the value in one atomic step: of concurrent takers (on any replica) one gets it. */
  take(key: string): Promise<string | null>;
  /**
   * Adds `member` to the set at `key` unless the set already holds `max` live members, in one atomic step;
   * each member lives `ttlMs` from its last add. True when `member` is (now) in the set.
   */
  addBounded(key: string, member: string, max: number, ttlMs: number): Promise<boolean>;
  /** Sets `key` only if it holds nothing (Redis SET NX PX): a short lock. True when this call set it. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Deletes `key` only while it still holds `value` (a lock released by its holder only, not after it lapsed). */
  deleteIfEquals(key: string, value: string): Promise<boolean>;
  close(): Promise<void>;
}

export class MemoryStore implements KeyValueStore {
  readonly kind = 'memory' as const;
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();
  private readonly sets = new Map<string, Map<string, number>>();

  constructor(private readonly now: () => number = Date.now) {}

  async get(key: string): Promise<string | null> {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return null;
    }
    return entry.value;
  }

  async getMany(keys: string[]): Promise<Array<string | null>> {
    return Promise.all(keys.map((key) => this.get(key)));
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async take(key: string): Promise<string | null> {
    // No await between the read and the delete: a concurrent taker must find it gone.
    const entry = this.entries.get(key);
    this.entries.delete(key);
    return entry && entry.expiresAt > this.now() ? entry.value : null;
  }

  async addBounded(key: string, member: string, max: number, ttlMs: number): Promise<boolean> {
    const now = this.now();
    const members = this.sets.get(key) ?? new Map<string, number>();
    this.sets.set(key, members);
    for (const [name, expiresAt] of members) if (expiresAt <= now) members.delete(name);
    if (!members.has(member) && members.size >= max) return false;
    members.set(member, now + ttlMs);
    return true;
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if ((await this.get(key)) !== null) return false;
    await this.set(key, value, ttlMs);
    return true;
  }

  async deleteIfEquals(key: string, value: string): Promise<boolean> {
    if ((await this.get(key)) !== value) return false;
    this.entries.delete(key);
    return true;
  }

  async close(): Promise<void> {
    this.entries.clear();
    this.sets.clear();
  }
}

/** A sorted set scored by expiry: drop the expired, then admit the member if it is known or there is room. */
const ADD_BOUNDED = `
local now, max, ttl = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) and redis.call('ZCARD', KEYS[1]) >= max then return 0 end
redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
redis.call('PEXPIRE', KEYS[1], ttl)
return 1`;

const DELETE_IF_EQUALS = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export class RedisStore implements KeyValueStore {
  readonly kind = 'redis' as const;
  private readonly redis: Redis;

  constructor(url: string, keyPrefix = 'opsgraph:') {
    // Fail a command rather than queue it forever while Redis is away: a cache miss is better than a hang.
    this.redis = new Redis(url, { keyPrefix, lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: true });
  }

  async connect(): Promise<this> {
    await this.redis.connect();
    return this;
  }

  get(key: string): Promise<string | null> {
    return this.redis.get(key);
  }

  async getMany(keys: string[]): Promise<Array<string | null>> {
    return keys.length ? this.redis.mget(...keys) : [];
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.redis.set(key, value, 'PX', Math.max(1, Math.round(ttlMs)));
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(key);
  }

  take(key: string): Promise<string | null> {
    return this.redis.getdel(key);
  }

  async addBounded(key: string, member: string, max: number, ttlMs: number): Promise<boolean> {
    const added = await this.redis.eval(ADD_BOUNDED, 1, key, member, Date.now(), max, Math.max(1, Math.round(ttlMs)));
    return added === 1;
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(key, value, 'PX', Math.max(1, Math.round(ttlMs)), 'NX')) === 'OK';
  }

  async deleteIfEquals(key: string, value: string): Promise<boolean> {
    return (await this.redis.eval(DELETE_IF_EQUALS, 1, key, value)) === 1;
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

export async function openKeyValueStore(
  pubsub: { mode: 'redis'; redisUrl: string } | { mode: 'memory' },
  keyPrefix?: string,
): Promise<KeyValueStore> {
  return pubsub.mode === 'redis' ? new RedisStore(pubsub.redisUrl, keyPrefix).connect() : new MemoryStore();
}
