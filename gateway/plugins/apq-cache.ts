// The APQ store (Apollo's automatic persisted queries: hash -> document) over the shared KeyValueStore, so a
// hash learned by one gateway replica is served by every other (Redis), or by this process alone (embedded).
import type { KeyValueStore } from '../../platform/kv';

/** Apollo's KeyValueCache (@apollo/utils.keyvaluecache) contract, kept structural so no extra import is needed. */
export interface ApqCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, options?: { ttl?: number | null }): Promise<void>;
  delete(key: string): Promise<boolean | void>;
}

export interface ApqCacheOptions {
  /** Namespace inside the store's own key prefix. */
  prefix?: string;
  /** Lifetime when Apollo passes no ttl (it passes `null` for "forever"; a bounded store wants a bound). */
  defaultTtlSeconds?: number;
}

export function apqCache(store: KeyValueStore, options: ApqCacheOptions = {}): ApqCache {
  const prefix = options.prefix ?? 'apq:';
  const defaultTtlSeconds = options.defaultTtlSeconds ?? 7 * 24 * 3600;
  return {
    async get(key) {
      return (await store.get(prefix + key)) ?? undefined;
    },
    async set(key, value, setOptions) {
      const ttl = setOptions?.ttl && setOptions.ttl > 0 ? setOptions.ttl : defaultTtlSeconds;
      await store.set(prefix + key, value, ttl * 1000);
    },
    async delete(key) {
      await store.delete(prefix + key);
    },
  };
}
