// The shared counters while Redis is unreachable. Calls that move money (failClosed) are refused; every other
// key gets a per-process share of its limits — its rate and burst divided by the number of processes that
// share it, and its quota's remainder (as last seen in Redis) divided likewise — so N processes on their own
// together stay within what the provider allows, instead of every call failing.
import type { Logger } from '../platform/logger';
import { CountersUnavailableError, MemoryCounters, type AcquireRequest, type AcquireResult, type KeyCounters, type RedisCounters } from './counters';
import { keyringInternalErrors } from './metrics';

export class ResilientCounters implements KeyCounters {
  private readonly local: MemoryCounters;
  /** Today's count per key and day as last seen in Redis: the base of the quota share when Redis goes away. */
  private readonly lastSeen = new Map<string, number>();
  private degraded = false;

  constructor(
    private readonly shared: RedisCounters,
    private readonly options: { replicas: number; logger?: Logger; now?: () => number },
  ) {
    this.local = new MemoryCounters(options.now);
  }

  /** False while Redis is unreachable (the per-process shares are in force). */
  get connected(): boolean {
    return this.shared.connected;
  }

  private async either<T>(shared: () => Promise<T>, local: () => Promise<T>): Promise<T> {
    if (this.shared.connected) {
      try {
        const value = await shared();
        if (this.degraded) {
          this.degraded = false;
          this.options.logger?.warn('key resolver: Redis is back, the shared counters are in use again');
        }
        return value;
      } catch (error) {
        this.fallBack(error);
      }
    } else {
      this.fallBack(new Error('Redis connection is not ready'));
    }
    return local();
  }

  private fallBack(error: unknown): void {
    keyringInternalErrors.inc({ operation: 'counters_fallback' });
    if (this.degraded) return;
    this.degraded = true;
    this.options.logger?.error({ err: error }, 'key resolver: Redis is unreachable; per-process shares of each key\'s limits, payments fail closed');
  }

  async acquire(request: AcquireRequest): Promise<AcquireResult> {
    const seen = `${request.keyId}:${request.day}`;
    return this.either(
      async () => {
        const result = await this.shared.acquire(request);
        if ('used' in result) this.lastSeen.set(seen, result.used);
        return result;
      },
      async () => {
        if (request.failClosed) throw new CountersUnavailableError('the shared counters (Redis) are unreachable');
        const { replicas } = this.options;
        const quota = request.quota === null ? null : Math.max(0, Math.floor((request.quota - (this.lastSeen.get(seen) ?? 0)) / replicas));
        const rate = request.rate && { intervalMs: request.rate.intervalMs * replicas, burst: Math.max(1, Math.floor(request.rate.burst / replicas)) };
        return this.local.acquire({ ...request, quota, rate });
      },
    );
  }

  release(keyId: string, day: string) {
    return this.either(() => this.shared.release(keyId, day), () => this.local.release(keyId, day));
  }
  restore(keyId: string, day: string, used: number, ttlMs: number) {
    return this.either(() => this.shared.restore(keyId, day, used, ttlMs), async () => undefined);
  }
  usedToday(keyIds: string[], day: string) {
    return this.either(() => this.shared.usedToday(keyIds, day), () => this.local.usedToday(keyIds, day));
  }
  resetUsage(keyId: string, day: string) {
    return this.either(() => this.shared.resetUsage(keyId, day), () => this.local.resetUsage(keyId, day));
  }
  coolDown(keyId: string, ms: number) {
    return this.either(() => this.shared.coolDown(keyId, ms), () => this.local.coolDown(keyId, ms));
  }
  coolingMs(keyIds: string[]) {
    return this.either(() => this.shared.coolingMs(keyIds), () => this.local.coolingMs(keyIds));
  }
  recordError(keyId: string) {
    return this.either(() => this.shared.recordError(keyId), () => this.local.recordError(keyId));
  }
  clearErrors(keyId: string) {
    return this.either(() => this.shared.clearErrors(keyId), () => this.local.clearErrors(keyId));
  }
  consecutiveErrors(keyIds: string[]) {
    return this.either(() => this.shared.consecutiveErrors(keyIds), () => this.local.consecutiveErrors(keyIds));
  }
  add(counter: string, amount: number, ttlMs: number) {
    return this.either(() => this.shared.add(counter, amount, ttlMs), () => this.local.add(counter, amount, ttlMs));
  }
  read(counters: string[]) {
    return this.either(() => this.shared.read(counters), () => this.local.read(counters));
  }

  async close(): Promise<void> {
    await this.shared.close();
    await this.local.close();
  }
}
