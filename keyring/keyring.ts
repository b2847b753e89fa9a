// The key resolver's facade: the key store in PostgreSQL (sealed credentials, status, limits), the shared
// counters, usage and the rotation log. Subgraphs call providers through `call`; the keys subgraph manages
// keys through the rest.
import type { DataSource } from 'typeorm';
import { openDatabase } from '../platform/db';
import { badUserInput, notFound } from '../platform/errors';
import { MemoryEventBus, type EventBus } from '../platform/events';
import type { Logger } from '../platform/logger';
import { ProviderKeyEntity } from './entities';
import { ProviderKeys1732500000000 } from './migrations/1732500000000-ProviderKeys';
import { KeyLimitsAndUsage1732600000000 } from './migrations/1732600000000-KeyLimitsAndUsage';
import { KeyUsageByDay1733000000000 } from './migrations/1733000000000-KeyUsageByDay';
import { AiSpendByModel1733100000000 } from './migrations/1733100000000-AiSpendByModel';
import { Vault, VaultError } from './vault';
import { last4, parseCredentials, type Provider } from './credentials';
import { MemoryCounters, type KeyCounters } from './counters';
import { KeyResolver, nextUtcMidnight, type CallRequest, type CandidateKey, type KeyLease, type KeyStore } from './resolver';
import { PriceList, type ModelPrice } from './pricing';
import { QUOTA_OUTCOMES, UsageRecorder } from './usage';
import { PROVIDER_DEFAULTS } from './limits';

export type { KeyLease, CallRequest } from './resolver';

export interface NewKey {
  tenantId: string | null;
  provider: Provider;
  label: string;
  dailyQuota?: number | null;
  credentials: unknown;
  /** NEEDS_CONSENT: stored but out of service until its OAuth grant arrives (connectSession). Default ACTIVE. */
  status?: 'ACTIVE' | 'NEEDS_CONSENT';
}

export interface KeyUpdate {
  label?: string;
  dailyQuota?: number | null;
  ratePerSecond?: number | null;
  rateBurst?: number | null;
  tokensPerMinute?: number | null;
  tokensPerDay?: number | null;
}

export type KeyStatus = 'ACTIVE' | 'COOLING_DOWN' | 'EXHAUSTED' | 'DISABLED' | 'NEEDS_CONSENT';

export interface KeyView {
  id: string;
  tenantId: string | null;
  provider: Provider;
  label: string;
  scope: 'TENANT' | 'SHARED';
  last4: string;
  dailyQuota: number | null;
  usedToday: number;
  status: KeyStatus;
  consecutiveErrors: number;
  disabledReason: string | null;
  lastUsedAt: Date | null;
  ratePerSecond: number | null;
  rateBurst: number | null;
  tokensPerMinute: number | null;
  tokensPerDay: number | null;
  createdAt: Date;
}

export interface KeyringOptions {
  databaseUrl: string;
  masterKey: Buffer;
  previousMasterKeys?: Buffer[];
  counters?: KeyCounters;
  events?: EventBus;
  now?: () => Date;
  prices?: Record<string, ModelPrice>;
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  breaker?: { failureThreshold: number; coolDownMs: number; windowMs?: number };
  /** Where the resolver's side failures (rotation log, alerts, token counting, usage flush) are reported. */
  logger?: Logger;
  /** Test hook: each admitted call on the counters' clock (see ResolverOptions.onAdmit). */
  onAdmit?: (admission: { keyId: string; at: number }) => void;
}

/** Key lists are re-read at most every second, and served stale for up to 10 s while a re-read is on its way. */
const CANDIDATE_CACHE_MS = 1000;
const CANDIDATE_STALE_MS = 10_000;
const CANDIDATE_CACHE_MAX = 10_000;

export class Keyring implements KeyStore {
  readonly resolver: KeyResolver;
  private readonly usage: UsageRecorder;
  private readonly candidateCache = new Map<string, { at: number; keys: Promise<CandidateKey[]> }>();
  private readonly now: () => Date;

  private constructor(
    readonly db: DataSource,
    readonly vault: Vault,
    readonly counters: KeyCounters,
    readonly events: EventBus,
    options: KeyringOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.usage = new UsageRecorder(db, { onError: (error, rows) => this.resolver.internalError('usage_flush', error, { rows }) });
    this.resolver = new KeyResolver(this, {
      counters, events, usage: this.usage, prices: new PriceList(options.prices), now: this.now,
      maxWaitMs: options.maxWaitMs, sleep: options.sleep, breaker: options.breaker, logger: options.logger, onAdmit: options.onAdmit,
    });
  }

  static async open(options: KeyringOptions): Promise<Keyring> {
    const db = await openDatabase({
      url: options.databaseUrl,
      name: 'keyring',
      entities: [ProviderKeyEntity],
      migrations: [ProviderKeys1732500000000, KeyLimitsAndUsage1732600000000, KeyUsageByDay1733000000000, AiSpendByModel1733100000000],
      poolSize: 4,
    });
    const keyring = new Keyring(
      db, new Vault(options.masterKey, options.previousMasterKeys), options.counters ?? new MemoryCounters(),
      options.events ?? new MemoryEventBus(), options,
    );
    await keyring.checkMasterKey().catch(async (error) => {
      await db.destroy();
      throw error;
    });
    return keyring;
  }

  /** A wrong KEY_ENCRYPTION_KEY must stop start-up with a clear reason, never yield garbage later. */
  private async checkMasterKey(): Promise<void> {
    const sample = await this.db.getRepository(ProviderKeyEntity).findOne({ where: {}, order: { createdAt: 'ASC' } });
    if (!sample) return;
    try {
      this.vault.open(sample.sealedCredentials);
    } catch (error) {
      if (error instanceof VaultError) throw new VaultError(`Cannot open the key store: ${error.message}`);
      throw error;
    }
  }

  /** Every provider call goes through here (see resolver.ts). */
  call<C = Record<string, string>, T = unknown>(request: CallRequest, fn: (lease: KeyLease<C>) => Promise<T>): Promise<T> {
    return this.resolver.call(request, fn);
  }

  // ---- KeyStore, for the resolver ----

  async candidates(tenantId: string, provider: Provider): Promise<CandidateKey[]> {
    const cacheKey = `${tenantId}\u0000${provider}`;
    const cached = this.candidateCache.get(cacheKey);
    if (cached && Date.now() - cached.at < CANDIDATE_CACHE_MS) return cached.keys;
    if (cached && Date.now() - cached.at < CANDIDATE_STALE_MS) {
      // Serve the last answer while a fresh one loads: the database stays off the provider-call path.
      cached.at = Date.now();
      const fresh = this.loadCandidates(tenantId, provider);
      fresh.then((keys) => this.candidateCache.set(cacheKey, { at: Date.now(), keys: Promise.resolve(keys) })).catch(() => undefined);
      return cached.keys;
    }
    const keys = this.loadCandidates(tenantId, provider);
    // Bounded: tenant ids can come from outside (webhook URLs), so many made-up ones must not grow it forever.
    if (this.candidateCache.size >= CANDIDATE_CACHE_MAX) this.candidateCache.clear();
    this.candidateCache.set(cacheKey, { at: Date.now(), keys });
    keys.catch(() => this.candidateCache.delete(cacheKey));
    return keys;
  }

  private loadCandidates(tenantId: string, provider: Provider): Promise<CandidateKey[]> {
    return this.db
      .getRepository(ProviderKeyEntity)
      .createQueryBuilder('key')
      .where('key.provider = :provider AND key.status = :status', { provider, status: 'ACTIVE' })
      .andWhere('(key.tenant_id = :tenantId OR key.tenant_id IS NULL)', { tenantId })
      .orderBy('key.created_at', 'ASC')
      .getMany()
      .then((rows) => rows.map((row) => ({ ...row, provider: row.provider as Provider, credentials: this.vault.open<Record<string, string>>(row.sealedCredentials) })));
  }

  async disable(keyId: string, reason: string): Promise<void> {
    await this.db.query(
      `UPDATE provider_keys SET status = 'DISABLED', disabled_reason = $2, disabled_at = now() WHERE id = $1`,
      [keyId, reason],
    );
    this.candidateCache.clear();
  }

  async requireConsent(keyId: string, reason: string): Promise<void> {
    await this.db.query(`UPDATE provider_keys SET status = 'NEEDS_CONSENT', disabled_reason = $2 WHERE id = $1`, [keyId, reason]);
    this.candidateCache.clear();
  }

  /**
   * The grant of a key that waited for consent: stores the session (sealed) and puts the key in service, in one
   * transaction. Only a NEEDS_CONSENT key of that tenant is connected; false otherwise (nothing changed).
   */
  async connectSession<S>(keyId: string, tenantId: string, session: S): Promise<boolean> {
    const [, updated] = await this.db.query<[unknown, number]>(
      `UPDATE provider_keys SET sealed_session = $3, status = 'ACTIVE', disabled_reason = NULL, disabled_at = NULL
        WHERE id = $1 AND tenant_id = $2 AND status = 'NEEDS_CONSENT'`,
      [keyId, tenantId, this.vault.seal(session)],
    );
    this.candidateCache.clear();
    if (updated === 1) await this.counters.clearErrors(keyId);
    return updated === 1;
  }

  logRotation(entry: { tenantId: string; provider: Provider; fromKeyId: string | null; toKeyId: string | null; reason: string }): void {
    void this.db
      .query('INSERT INTO key_rotations (tenant_id, provider, from_key_id, to_key_id, reason) VALUES ($1, $2, $3, $4, $5)', [
        entry.tenantId, entry.provider, entry.fromKeyId, entry.toKeyId, entry.reason,
      ])
      .catch((error) => this.resolver.internalError('rotation_log', error, { provider: entry.provider }));
  }

  async quotaCallsOn(keyId: string, day: string): Promise<number> {
    const [row]: Array<{ calls: string }> = await this.db.query(
      `SELECT count(*) AS calls FROM api_calls
        WHERE key_id = $1 AND at >= $2 AND at < $3 AND outcome = ANY($4::text[])`,
      [keyId, new Date(`${day}T00:00:00Z`), new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000), QUOTA_OUTCOMES],
    );
    return Number(row.calls) + this.usage.pendingCalls(keyId, day);
  }

  async monthlyAiBudgetUsd(tenantId: string): Promise<number | null> {
    const rows: Array<{ monthly_budget_usd: string }> = await this.db.query(
      'SELECT monthly_budget_usd FROM tenant_ai_budgets WHERE tenant_id = $1', [tenantId],
    );
    return rows[0] ? Number(rows[0].monthly_budget_usd) : null;
  }

  async monthlyProviderBudgetUsd(tenantId: string, provider: Provider): Promise<number | null> {
    const rows: Array<{ monthly_budget_usd: string }> = await this.db.query(
      'SELECT monthly_budget_usd FROM tenant_ai_provider_budgets WHERE tenant_id = $1 AND provider = $2', [tenantId, provider],
    );
    return rows[0] ? Number(rows[0].monthly_budget_usd) : null;
  }

  /** The tenant's monthly caps per LLM provider (inside its AI budget). */
  async providerBudgets(tenantId: string): Promise<Partial<Record<Provider, number>>> {
    const rows: Array<{ provider: Provider; monthly_budget_usd: string }> = await this.db.query(
      'SELECT provider, monthly_budget_usd FROM tenant_ai_provider_budgets WHERE tenant_id = $1', [tenantId],
    );
    return Object.fromEntries(rows.map((row) => [row.provider, Number(row.monthly_budget_usd)]));
  }

  /** Sets (or, with null, removes) the tenant's monthly cap for one LLM provider. */
  async setProviderBudget(tenantId: string, provider: Provider, monthlyBudgetUsd: number | null): Promise<void> {
    if (!PROVIDER_DEFAULTS[provider].llm) throw badUserInput(`"${provider}" is not an LLM provider`, 'provider');
    if (monthlyBudgetUsd === null) {
      await this.db.query('DELETE FROM tenant_ai_provider_budgets WHERE tenant_id = $1 AND provider = $2', [tenantId, provider]);
      return;
    }
    await this.db.query(
      `INSERT INTO tenant_ai_provider_budgets (tenant_id, provider, monthly_budget_usd) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id, provider) DO UPDATE SET monthly_budget_usd = EXCLUDED.monthly_budget_usd`, [tenantId, provider, monthlyBudgetUsd],
    );
  }

  /**
   * LLM calls of the tenant between `from` and `to`, per provider and model (the model that answered): calls,
   * tokens and spend, from the usage log (rows reach it within a second of the call).
   */
  async llmUsage(tenantId: string, from: Date, to: Date): Promise<Array<{ provider: Provider; model: string; calls: number; inputTokens: number; outputTokens: number; costUsd: number }>> {
    const rows: Array<{ provider: Provider; model: string; calls: string; input_tokens: string; output_tokens: string; cost_usd: string }> = await this.db.query(
      `SELECT provider, model, count(*) AS calls, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens, sum(cost_usd) AS cost_usd
         FROM api_calls WHERE tenant_id = $1 AND at >= $2 AND at < $3 AND model IS NOT NULL
        GROUP BY provider, model ORDER BY provider, model`, [tenantId, from, to],
    );
    return rows.map((row) => ({
      provider: row.provider, model: row.model, calls: Number(row.calls),
      inputTokens: Number(row.input_tokens), outputTokens: Number(row.output_tokens), costUsd: Number(row.cost_usd),
    }));
  }

  // ---- administration ----

  async addKey(input: NewKey): Promise<KeyView> {
    const credentials = parseCredentials(input.provider, input.credentials);
    const repository = this.db.getRepository(ProviderKeyEntity);
    const row = await repository.save(
      repository.create({
        tenantId: input.tenantId,
        provider: input.provider,
        label: input.label,
        scope: input.tenantId === null ? 'SHARED' : 'TENANT',
        last4: last4(input.provider, credentials),
        sealedCredentials: this.vault.seal(credentials),
        dailyQuota: input.dailyQuota ?? null,
        status: input.status ?? 'ACTIVE',
      }),
    );
    this.candidateCache.clear();
    return (await this.views([row]))[0];
  }

  /** A tenant sees its own keys; `platform` may pass null to see the shared pool. */
  async listKeys(tenantId: string | null, provider?: Provider): Promise<KeyView[]> {
    const query = this.db.getRepository(ProviderKeyEntity).createQueryBuilder('key');
    if (tenantId === null) query.where('key.tenant_id IS NULL');
    else query.where('key.tenant_id = :tenantId', { tenantId });
    if (provider) query.andWhere('key.provider = :provider', { provider });
    return this.views(await query.orderBy('key.created_at', 'ASC').getMany());
  }

  /** The key if the caller may manage it: its own tenant's, or a shared one for `platform`. */
  async getKey(id: string, owner: { tenantId: string; platform: boolean }): Promise<KeyView> {
    const row = /^[0-9a-f-]{36}$/i.test(id) ? await this.db.getRepository(ProviderKeyEntity).findOne({ where: { id } }) : null;
    const visible = row && (row.tenantId === owner.tenantId || (row.tenantId === null && owner.platform));
    if (!visible) throw notFound('API key', id);
    return (await this.views([row]))[0];
  }

  async updateKey(id: string, owner: { tenantId: string; platform: boolean }, update: KeyUpdate): Promise<KeyView> {
    await this.getKey(id, owner);
    const fields: Record<string, unknown> = {};
    if (update.label !== undefined) {
      if (!update.label.trim()) throw badUserInput('"label" must not be empty', 'label');
      fields.label = update.label.trim();
    }
    for (const name of ['dailyQuota', 'ratePerSecond', 'rateBurst', 'tokensPerMinute', 'tokensPerDay'] as const) {
      const value = update[name];
      if (value === undefined) continue;
      if (value !== null && !(value > 0) && !(name === 'dailyQuota' && value === 0)) {
        throw badUserInput(`"${name}" must be a positive number, but got ${value}`, name);
      }
      fields[name] = value;
    }
    if (Object.keys(fields).length) await this.db.getRepository(ProviderKeyEntity).update({ id }, fields);
    this.candidateCache.clear();
    return this.getKey(id, owner);
  }

  async setEnabled(id: string, owner: { tenantId: string; platform: boolean }, enabled: boolean, reason = 'disabled by an administrator'): Promise<KeyView> {
    await this.getKey(id, owner);
    if (enabled) {
      await this.db.query(`UPDATE provider_keys SET status = 'ACTIVE', disabled_reason = NULL, disabled_at = NULL WHERE id = $1`, [id]);
      await this.counters.clearErrors(id);
    } else {
      await this.disable(id, reason);
    }
    this.candidateCache.clear();
    return this.getKey(id, owner);
  }

  async deleteKey(id: string, owner: { tenantId: string; platform: boolean }): Promise<void> {
    await this.getKey(id, owner);
    await this.db.getRepository(ProviderKeyEntity).delete({ id });
    this.candidateCache.clear();
  }

  async resetUsage(id: string, owner: { tenantId: string; platform: boolean }): Promise<KeyView> {
    await this.getKey(id, owner);
    await this.counters.resetUsage(id, this.now().toISOString().slice(0, 10));
    return this.getKey(id, owner);
  }

  /** The credentials of one key, for a probe call (testApiKey); never leaves the process. */
  async leaseOf(id: string, owner: { tenantId: string; platform: boolean }): Promise<CandidateKey> {
    await this.getKey(id, owner);
    const row = (await this.db.getRepository(ProviderKeyEntity).findOne({ where: { id } }))!;
    return { ...row, provider: row.provider as Provider, credentials: this.vault.open(row.sealedCredentials) };
  }

  async setAiBudget(tenantId: string, monthlyBudgetUsd: number | null): Promise<void> {
    if (monthlyBudgetUsd === null) await this.db.query('DELETE FROM tenant_ai_budgets WHERE tenant_id = $1', [tenantId]);
    else {
      await this.db.query(
        `INSERT INTO tenant_ai_budgets (tenant_id, monthly_budget_usd) VALUES ($1, $2)
         ON CONFLICT (tenant_id) DO UPDATE SET monthly_budget_usd = EXCLUDED.monthly_budget_usd`, [tenantId, monthlyBudgetUsd],
      );
    }
  }

  nextReset(): Date {
    return nextUtcMidnight(this.now());
  }

  private async views(rows: ProviderKeyEntity[]): Promise<KeyView[]> {
    const ids = rows.map((row) => row.id);
    const day = this.now().toISOString().slice(0, 10);
    const [used, cooling, errors] = await Promise.all([
      this.counters.usedToday(ids, day), this.counters.coolingMs(ids), this.counters.consecutiveErrors(ids),
    ]);
    return rows.map((row, i) => {
      const quota = row.dailyQuota ?? PROVIDER_DEFAULTS[row.provider as Provider].dailyQuota;
      const status: KeyStatus =
        row.status === 'DISABLED' || row.status === 'NEEDS_CONSENT' ? row.status : quota !== null && used[i] >= quota ? 'EXHAUSTED' : cooling[i] > 0 ? 'COOLING_DOWN' : 'ACTIVE';
      return {
        id: row.id, tenantId: row.tenantId, provider: row.provider as Provider, label: row.label, scope: row.scope,
        last4: row.last4, dailyQuota: row.dailyQuota, usedToday: used[i], status, consecutiveErrors: errors[i],
        disabledReason: row.disabledReason, lastUsedAt: row.lastUsedAt, ratePerSecond: row.ratePerSecond,
        rateBurst: row.rateBurst, tokensPerMinute: row.tokensPerMinute, tokensPerDay: row.tokensPerDay, createdAt: row.createdAt,
      };
    });
  }

  async readSession<S>(keyId: string): Promise<S | null> {
    const row = await this.db.getRepository(ProviderKeyEntity).findOne({ where: { id: keyId }, select: ['id', 'sealedSession'] });
    return row?.sealedSession ? this.vault.open<S>(row.sealedSession) : null;
  }

  /**
   * Runs `update` with the key's row locked (SELECT … FOR UPDATE), so replicas refreshing a rotating token at
   * once take turns; what `update` returns is sealed and committed before the caller sees it.
   */
  async updateSession<S>(keyId: string, update: (current: S | null) => Promise<S>): Promise<S> {
    return this.db.transaction(async (manager) => {
      const [row] = await manager.query<Array<{ sealed_session: string | null } | undefined>>('SELECT sealed_session FROM provider_keys WHERE id = $1 FOR UPDATE', [keyId]);
      const current = row?.sealed_session ? this.vault.open<S>(row.sealed_session) : null;
      const next = await update(current);
      if (next !== current) {
        await manager.query('UPDATE provider_keys SET sealed_session = $2 WHERE id = $1', [keyId, this.vault.seal(next)]);
      }
      return next;
    });
  }

  async flushUsage(): Promise<void> {
    await this.usage.flush();
  }

  async close(): Promise<void> {
    await this.usage.close();
    await this.db.destroy();
  }
}
