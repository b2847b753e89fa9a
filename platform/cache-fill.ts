// No stampedes (issue 13): when a cached provider answer is missing or has expired, one call per key (tenant,
// provider, resource) fills it, and every concurrent reader waits for that one, in this process and on every replica.
// In a process: one promise per key, shared by every caller. Across replicas: a short lock in the shared store
// (Redis SET NX PX); the replica holding it calls the provider and writes the cache, the others watch the cache
// until the answer is there (or the lock is gone without one: they take it and try themselves). Redis away or a
// holder that takes too long costs a duplicate call, never a failure.
import { randomUUID } from 'node:crypto';
import type { KeyValueStore } from './kv';

export interface CacheFillOptions {
  /** How long a lock holds when its holder dies before releasing it; above a provider call's usual time. */
  lockTtlMs?: number;
  /** How often a waiting replica looks at the cache and the lock. */
  pollMs?: number;
  /** How long a replica waits on another's lock before it calls the provider itself. */
  maxWaitMs?: number;
}

export interface CacheFillKey {
  tenantId: string;
  provider: string;
  resource: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class CacheFill {
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly lockTtlMs: number;
  private readonly pollMs: number;
  private readonly maxWaitMs: number;

  constructor(private readonly store: KeyValueStore, options: CacheFillOptions = {}) {
    this.lockTtlMs = options.lockTtlMs ?? 10_000;
    this.pollMs = options.pollMs ?? 25;
    this.maxWaitMs = options.maxWaitMs ?? this.lockTtlMs + 1000;
  }

  /** Calls in flight in this process (tests). */
  get pending(): number {
    return this.inFlight.size;
  }

  /**
   * The value of `key`: `read()` it from the cache (undefined: not there), else `load()` it, which calls the
   * provider and writes the cache before it returns. Concurrent callers of one key share one load.
   */
  fill<T>(key: CacheFillKey, read: () => Promise<T | undefined>, load: () => Promise<T>): Promise<T> {
    const id = `fill:${key.provider}:${key.tenantId}:${encodeURIComponent(key.resource)}`;
    const running = this.inFlight.get(id);
    if (running) return running as Promise<T>;
    const started = this.acrossReplicas(id, read, load).finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, started);
    return started;
  }

  private async acrossReplicas<T>(lockKey: string, read: () => Promise<T | undefined>, load: () => Promise<T>): Promise<T> {
    const token = randomUUID();
    const deadline = Date.now() + this.maxWaitMs;
    for (;;) {
      let locked: boolean;
      try {
        locked = await this.store.setIfAbsent(lockKey, token, this.lockTtlMs);
      } catch {
        return load(); // The shared store is away: this process's single flight is all there is.
      }
      if (locked) {
        try {
          // Another replica may have filled it between our miss and our lock.
          const cached = await read().catch(() => undefined);
          return cached !== undefined ? cached : await load();
        } finally {
          await this.store.deleteIfEquals(lockKey, token).catch(() => undefined);
        }
      }
      // Someone else is calling: wait for the answer in the cache, or for the lock to go without one.
      for (;;) {
        if (Date.now() > deadline) return load();
        await sleep(this.pollMs);
        const cached = await read().catch(() => undefined);
        if (cached !== undefined) return cached;
        const held = await this.store.get(lockKey).catch(() => null);
        if (held === null) break; // The holder failed (failures are not cached) or its lock lapsed: try to take it.
      }
    }
  }
}
