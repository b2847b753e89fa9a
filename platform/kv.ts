// Shared short-lived state (caches, later counters): Redis at REDIS_URL so every replica sees the same
// values, or an in-process map in embedded mode. Both honour the same contract, tested by one suite.
import Redis from 'ioredis';

export interface KeyValueStore {
  readonly kind: 'redis' | 'memory';
  get(key: string): Promise<string | null>;
  getMany(keys: string[]): Promise<Array<string | null>>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}

export class MemoryStore implements KeyValueStore {
  readonly kind = 'memory' as const;
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();

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

  async close(): Promise<void> {
    this.entries.clear();
  }
}

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
