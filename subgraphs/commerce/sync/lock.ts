// One sync per (tenant, marketplace) at a time, across replicas and within one process. Two layers:
// - an in-process mutex, so that waiters in this process queue in memory instead of each holding a pooled
//   connection, and so that the embedded mode excludes at all: PGlite multiplexes every connection onto one
//   session, where session advisory locks are re-entrant and never exclude each other (one process owns the
//   embedded data directory, so the mutex is the whole exclusion there);
// - a PostgreSQL session advisory lock, taken and released on one dedicated connection (a QueryRunner: the
//   pool would otherwise hand the unlock to another session). Not a transaction-scoped lock: PGlite runs
//   nothing else while one connection is inside a transaction, and the sync's own writes use other connections.
// If the lock's connection dies mid-sync, PostgreSQL drops the lock and another replica may start; the
// idempotent upsert and the mark written only at the end (store.ts) keep that from losing or duplicating orders.
import { createHash } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import { rateLimited } from '../../../platform/errors';

export interface SyncLockOptions {
  /** How long `run` waits for a sync that another replica is running (default 60 s). */
  waitMs?: number;
  /**
   * At most this many connections of the pool hold or wait for a lock at once (default 2): each running sync
   * needs a second connection for its writes, so holders alone must never fill the pool (4 by default).
   */
  maxConnections?: number;
}

export type TryOutcome<T> = { ran: true; value: T } | { ran: false };

export interface SyncLock {
  /** Runs `body` holding the lock, after waiting for a sync that holds it; throws RATE_LIMITED after `waitMs`. */
  run<T>(tenantId: string, marketplace: string, body: () => Promise<T>): Promise<T>;
  /** Runs `body` only if no sync of that (tenant, marketplace) is running here or elsewhere right now. */
  tryRun<T>(tenantId: string, marketplace: string, body: () => Promise<T>): Promise<TryOutcome<T>>;
}

/** What a mutation that gave up waiting tells its caller: the other replica's sync is then likely done. */
const RETRY_AFTER_SECONDS = 5;

const locks = new WeakMap<DataSource, SyncLock>();

/** The lock of this process for that database: the scheduler and the syncOrders mutation must share it. */
export function syncLockFor(db: DataSource): SyncLock {
  let lock = locks.get(db);
  if (!lock) {
    lock = createSyncLock(db);
    locks.set(db, lock);
  }
  return lock;
}

/** A signed 64-bit advisory key; a collision between two pairs only serialises their syncs. */
export function advisoryKey(tenantId: string, marketplace: string): string {
  return createHash('sha256').update(`opsgraph:order-sync:${marketplace}:${tenantId}`).digest().readBigInt64BE(0).toString();
}

export function createSyncLock(db: DataSource, options: SyncLockOptions = {}): SyncLock {
  const waitMs = options.waitMs ?? 60_000;
  const local = new KeyedMutex();
  const connections = new Semaphore(options.maxConnections ?? 2);

  async function hold<T>(key: string, wait: boolean, body: () => Promise<T>): Promise<TryOutcome<T>> {
    await connections.acquire();
    const runner = db.createQueryRunner();
    try {
      if (!(await lockAdvisory(runner, key, wait ? waitMs : null))) {
        await runner.release();
        return { ran: false };
      }
      try {
        return { ran: true, value: await body() };
      } finally {
        await unlockAndRelease(runner, key);
      }
    } catch (error) {
      if (!runner.isReleased) await runner.release();
      throw error;
    } finally {
      connections.release();
    }
  }

  return {
    async run(tenantId, marketplace, body) {
      const key = advisoryKey(tenantId, marketplace);
      const unlock = await local.acquire(key);
      try {
        const outcome = await hold(key, true, body);
        if (!outcome.ran) throw rateLimited(`${marketplace} sync (running on another replica)`, RETRY_AFTER_SECONDS);
        return outcome.value;
      } finally {
        unlock();
      }
    },
    async tryRun(tenantId, marketplace, body) {
      const key = advisoryKey(tenantId, marketplace);
      if (local.isHeld(key)) return { ran: false };
      const unlock = await local.acquire(key);
      try {
        return await hold(key, false, body);
      } finally {
        unlock();
      }
    },
  };
}

/** Takes the session lock: waits up to `waitMs`, or not at all when null. False when it stayed taken. */
async function lockAdvisory(runner: QueryRunner, key: string, waitMs: number | null): Promise<boolean> {
  if (waitMs === null) {
    const [row] = (await runner.query('SELECT pg_try_advisory_lock($1::bigint) AS locked', [key])) as Array<{ locked: boolean }>;
    return row.locked;
  }
  // lock_timeout bounds the wait for an advisory lock too; it is reset before the connection goes back.
  await runner.query(`SELECT set_config('lock_timeout', $1, false)`, [`${waitMs}ms`]);
  try {
    await runner.query('SELECT pg_advisory_lock($1::bigint)', [key]);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === '55P03') return false; // lock_not_available
    throw error;
  } finally {
    await runner.query('RESET lock_timeout');
  }
}

/** A connection whose unlock failed is closed rather than pooled, so its session lock cannot outlive the sync. */
async function unlockAndRelease(runner: QueryRunner, key: string): Promise<void> {
  try {
    await runner.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
    await runner.release();
  } catch (error) {
    const postgres = runner as QueryRunner & { releasePostgresConnection?: (error: unknown) => Promise<void> };
    if (postgres.releasePostgresConnection) await postgres.releasePostgresConnection(error);
    else await runner.release();
  }
}

/** Per-key mutex: a promise chain per key, removed when its last holder leaves. */
class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  isHeld(key: string): boolean {
    return this.tails.has(key);
  }

  async acquire(key: string): Promise<() => void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    return () => {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }
}

class Semaphore {
  private readonly waiting: Array<() => void> = [];

  constructor(private free: number) {}

  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free -= 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free += 1;
  }
}
