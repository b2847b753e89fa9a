// Keeps every tenant's marketplaces in sync in the background: each pass finds the (tenant, marketplace) pairs
// with an active key of their own and runs that marketplace's sync under the sync lock (lock.ts). A tenant is
// whoever holds a key: shared-pool keys have no tenant, so they never add one. Passes never overlap (the next
// is timed from the end of the last), a failed sync is logged and simply runs again at the next pass (the sync
// resumes from its last mark, store.ts), and a pair another replica is syncing right now is skipped.
import type { GraphQLError } from 'graphql';
import { Marketplace } from '../../../platform/graphql/enums';
import { mapLimit } from '../../../platform/concurrency';
import type { Logger } from '../../../platform/logger';
import { providerFailure } from '../../shared/provider-errors';
import { MARKETPLACE_ADAPTERS, type MarketplaceAdapter, type MarketplaceDeps } from '../marketplaces';
import type { SyncResult } from '../schema/types';
import { syncLockFor, type SyncLock } from './lock';

export interface SyncTarget { tenantId: string; marketplace: Marketplace }

export type SyncOutcome = SyncTarget & (
  | { status: 'synced'; result: SyncResult }
  /** Another sync of the pair (a mutation, or another replica) was running: it does the work. */
  | { status: 'busy' }
  | { status: 'failed'; code: string; reason: string }
);

export interface SyncPass { startedAt: Date; outcomes: SyncOutcome[] }

export interface SyncSchedulerOptions {
  deps: MarketplaceDeps;
  /** Time between the end of one pass and the start of the next; 0 never starts a timer (tick() still works). */
  intervalMs: number;
  logger: Logger;
  adapters?: Partial<Record<Marketplace, MarketplaceAdapter>>;
  lock?: SyncLock;
  /** Pairs synced at once within a pass (default 1): each holds a connection and paces one provider key. */
  concurrency?: number;
}

export interface SyncScheduler {
  /** Starts the timer; the first pass runs one interval after start-up, so a restart loop cannot hammer marketplaces. */
  start(): void;
  /** Runs a pass now, or joins the one running. */
  tick(): Promise<SyncPass>;
  /** The next pass to finish, whoever started it. */
  nextPass(): Promise<SyncPass>;
  /** Stops the timer and waits for the running sync; the pass's remaining pairs are left for the next start. */
  stop(): Promise<void>;
}

const MARKETPLACES = Object.values(Marketplace);

export function createSyncScheduler(options: SyncSchedulerOptions): SyncScheduler {
  const adapters = options.adapters ?? MARKETPLACE_ADAPTERS;
  const lock = options.lock ?? syncLockFor(options.deps.db);
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<SyncPass> | null = null;
  let stopped = false;
  let waiters: Array<(pass: SyncPass) => void> = [];

  async function targets(): Promise<SyncTarget[]> {
    const rows: Array<{ tenant_id: string; provider: Marketplace }> = await options.deps.keyring.db.query(
      `SELECT DISTINCT tenant_id, provider FROM provider_keys
       WHERE status = 'ACTIVE' AND tenant_id IS NOT NULL AND provider = ANY($1::text[])
       ORDER BY tenant_id, provider`,
      [MARKETPLACES.filter((marketplace) => adapters[marketplace])],
    );
    return rows.map((row) => ({ tenantId: row.tenant_id, marketplace: row.provider }));
  }

  async function syncOne(target: SyncTarget): Promise<SyncOutcome> {
    const adapter = adapters[target.marketplace]!;
    try {
      const outcome = await lock.tryRun(target.tenantId, target.marketplace, () => adapter.sync(options.deps, target.tenantId));
      return outcome.ran ? { ...target, status: 'synced', result: outcome.value } : { ...target, status: 'busy' };
    } catch (error) {
      // The same masking as the mutation's: provider errors keep their own (secret-free) reason, others none.
      const failure: GraphQLError = providerFailure(target.marketplace, error);
      const code = String(failure.extensions.code);
      options.logger.warn({ tenantId: target.tenantId, marketplace: target.marketplace, code }, `scheduled sync failed, retrying at the next pass: ${failure.message}`);
      return { ...target, status: 'failed', code, reason: failure.message };
    }
  }

  async function pass(): Promise<SyncPass> {
    const startedAt = new Date();
    let found: SyncTarget[];
    try {
      found = await targets();
    } catch (error) {
      options.logger.warn({ code: (error as { code?: string }).code }, 'scheduled sync could not list tenants; retrying at the next pass');
      found = [];
    }
    const outcomes = await mapLimit(found, options.concurrency ?? 1, async (target) => (stopped ? null : syncOne(target)));
    return { startedAt, outcomes: outcomes.filter((outcome): outcome is SyncOutcome => outcome !== null) };
  }

  function tick(): Promise<SyncPass> {
    if (running) return running;
    if (stopped) return Promise.resolve({ startedAt: new Date(), outcomes: [] });
    running = pass().then((done) => {
      running = null;
      const notify = waiters;
      waiters = [];
      for (const resolve of notify) resolve(done);
      return done;
    });
    return running;
  }

  function schedule(): void {
    if (stopped || options.intervalMs === 0 || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void tick().then(schedule);
    }, options.intervalMs);
    timer.unref();
  }

  return {
    start() {
      stopped = false;
      schedule();
    },
    tick,
    nextPass: () => new Promise((resolve) => waiters.push(resolve)),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      if (running) await running;
    },
  };
}
