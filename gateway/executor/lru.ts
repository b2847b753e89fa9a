// A bounded least-recently-used map: the per-operation caches (plans, compiled selections, limit results) hold at
// most `max` entries, so 20,000 distinct operations cannot grow the gateway's memory past that many.
export class Lru<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new Error(`An LRU cache needs a size of at least 1, but got ${max}`);
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    // A Map iterates in insertion order: re-inserting marks the entry most recently used.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as K);
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

/**
 * Apollo's KeyValueCache contract (@apollo/utils.keyvaluecache), kept structural, over an Lru: Apollo Server's
 * document store and @apollo/gateway's query plan store. Their defaults are bounded by 30 MiB of JSON each, which
 * holds ~10,000 small documents and several times that in heap (a DocumentNode keeps its token list); by count,
 * with the same GATEWAY_OPERATION_CACHE_SIZE as the other per-operation caches, the bound is the same for all.
 */
export interface LruKeyValueCache<V> {
  readonly size: number;
  get(key: string): Promise<V | undefined>;
  set(key: string, value: V, options?: { ttl?: number | null }): Promise<void>;
  delete(key: string): Promise<boolean>;
  clear(): void;
}

export function lruKeyValueCache<V>(max: number): LruKeyValueCache<V> {
  const lru = new Lru<string, V>(max);
  return {
    get size() {
      return lru.size;
    },
    get: async (key) => lru.get(key),
    // No ttl: neither store passes one, and an entry is only ever replaced by a newer one of the same key.
    set: async (key, value) => lru.set(key, value),
    delete: async (key) => lru.delete(key),
    clear: () => lru.clear(),
  };
}
