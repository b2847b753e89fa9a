// The quota-aware key resolver: for each provider call, the tenant's own usable keys first, then the shared
// pool, the one with the most quota left first; quota and rate slot taken atomically in the shared counters;
// a throttled key cools down for as long as the provider says and the call moves on; an auth failure
// disables the key at once, five consecutive errors too; a provider failing for more than one tenant (or on
// the shared pool) trips its breaker, a failure of one tenant's own keys never does.
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { ProviderError } from '../providers/errors';
import { PROVIDER_REGISTRY } from '../providers/registry';
import { noProviderKey, providerUnavailable, quotaExhausted, rateLimited } from '../platform/errors';
import type { EventBus } from '../platform/events';
import type { Logger } from '../platform/logger';
import { keyDecisions, providerCallDuration, providerCalls, type KeyDecision } from '../platform/metrics';
import { tenantScope } from '../platform/scope';
import type { Provider } from './credentials';
import { CountersUnavailableError, type KeyCounters } from './counters';
import { effectiveRate, PROVIDER_DEFAULTS } from './limits';
import { failureSource, ProviderBreaker, type FailureSource } from './breaker';
import { keyringInternalErrors, type InternalOperation } from './metrics';
import type { PriceList } from './pricing';
import type { CallOutcome, UsageRecorder } from './usage';

export interface CandidateKey {
  id: string;
  tenantId: string | null;
  provider: Provider;
  last4: string;
  dailyQuota: number | null;
  ratePerSecond: number | null;
  rateBurst: number | null;
  tokensPerMinute: number | null;
  tokensPerDay: number | null;
  credentials: Record<string, string>;
}

/**
 * Auth refusals that mean an OAuth grant is lost, not that the credentials are wrong (an expired or revoked
 * refresh token, or a key never connected, as the OAuth providers' clients report it): the key waits for consent instead of being disabled.
 */
const GRANT_LOST: ReadonlySet<string> = new Set(['invalid_grant', 'consent_required']);

export interface KeyStore {
  candidates(tenantId: string, provider: Provider): Promise<CandidateKey[]>;
  disable(keyId: string, reason: string): Promise<void>;
  /** Takes the key out of service until an administrator consents again (a lost OAuth grant). */
  requireConsent(keyId: string, reason: string): Promise<void>;
  logRotation(entry: { tenantId: string; provider: Provider; fromKeyId: string | null; toKeyId: string | null; reason: string }): void;
  monthlyAiBudgetUsd(tenantId: string): Promise<number | null>;
  /** The tenant's monthly cap for one LLM provider, inside its AI budget (null: none). */
  monthlyProviderBudgetUsd(tenantId: string, provider: Provider): Promise<number | null>;
  /** Calls of the key on that UTC day that spent a quota unit, from the usage log and this process's unflushed rows. */
  quotaCallsOn(keyId: string, day: string): Promise<number>;
}

/** Money moves here: without the shared counters these fail closed rather than risk a double charge or a ban. */
export const FAIL_CLOSED_WITHOUT_REDIS: ReadonlySet<Provider> = new Set<Provider>(
  PROVIDER_REGISTRY.filter((descriptor) => 'failClosedWithoutRedis' in descriptor && descriptor.failClosedWithoutRedis).map((descriptor) => descriptor.name),
);

export interface KeyLease<C = Record<string, string>> {
  keyId: string;
  provider: Provider;
  last4: string;
  credentials: C;
  /** LLM calls report the response's usage, for token windows and spend. */
  reportUsage(usage: { model: string; inputTokens: number; outputTokens: number }): void;
}

export interface CallRequest {
  tenantId: string;
  provider: Provider;
  operation: string;
  /** Pinned to this one key (testApiKey): no other key is tried, and its refusal is the call's answer. */
  key?: CandidateKey;
}

export interface ResolverOptions {
  counters: KeyCounters;
  events: EventBus;
  usage: UsageRecorder;
  prices: PriceList;
  now?: () => Date;
  /** How long a call may wait for a rate slot or a cooling key before RATE_LIMITED (default 2 s). */
  maxWaitMs?: number;
  /** Consecutive errors that disable a key (default 5). */
  errorsToDisable?: number;
  breaker?: { failureThreshold: number; coolDownMs: number; windowMs?: number };
  sleep?: (ms: number) => Promise<void>;
  logger?: Logger;
  /** Test hook: each admitted call, on the counters' clock (Redis TIME), for asserting the spacing of admissions. */
  onAdmit?: (admission: { keyId: string; at: number }) => void;
}

const DAY_MS = 86_400_000;
const utcDay = (at: Date) => at.toISOString().slice(0, 10);
const utcMonth = (at: Date) => at.toISOString().slice(0, 7);
const minuteOf = (at: Date) => at.toISOString().slice(0, 16);
export const spendCounter = (tenantId: string, at: Date) => `spend:${tenantScope(tenantId)}:${utcMonth(at)}`;
/** The same month's spend on one provider: the one budget, counted per provider too. */
export const providerSpendCounter = (tenantId: string, provider: Provider, at: Date) => `${spendCounter(tenantId, at)}:${provider}`;
export function nextUtcMidnight(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1));
}

type Attempt<T> =
  | { kind: 'ok'; value: T }
  /** `failed`: the call failed on this key (not a throttle); `serverFailure`: and it says the provider is failing. */
  | { kind: 'next'; reason: string; serverFailure: boolean; failed?: boolean; waitMs?: number; error: ProviderError }
  | { kind: 'throw'; error: unknown };

export class KeyResolver {
  private readonly breakers = new Map<Provider, ProviderBreaker>();
  private readonly now: () => Date;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly store: KeyStore, private readonly options: ResolverOptions) {
    this.now = options.now ?? (() => new Date());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  breaker(provider: Provider): ProviderBreaker {
    let breaker = this.breakers.get(provider);
    if (!breaker) {
      breaker = new ProviderBreaker({ failureThreshold: 3, coolDownMs: 30_000, windowMs: 60_000, ...this.options.breaker, now: () => this.now().getTime() });
      this.breakers.set(provider, breaker);
    }
    return breaker;
  }

  /** One span per call (the key resolver's decision and the provider request under it), for traces. */
  async call<C, T>(request: CallRequest, fn: (lease: KeyLease<C>) => Promise<T>): Promise<T> {
    return trace.getTracer('opsgraph').startActiveSpan('keyring.call', {
      attributes: { 'opsgraph.provider': request.provider, 'opsgraph.operation': request.operation },
    }, async (span) => {
      const decide = (decision: KeyDecision) => {
        keyDecisions.inc({ provider: request.provider, decision });
        span.setAttribute('opsgraph.key.decision', decision);
      };
      try {
        return await this.resolve(request, fn, decide);
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        throw error;
      } finally {
        span.end();
      }
    });
  }

  private async resolve<C, T>(request: CallRequest, fn: (lease: KeyLease<C>) => Promise<T>, decide: (decision: KeyDecision) => void): Promise<T> {
    const breaker = this.breaker(request.provider);
    if (!breaker.allow()) {
      decide('refused');
      throw providerUnavailable(request.provider, `failing on every key; retrying after ${Math.ceil(breaker.retryAfterMs() / 1000)}s`);
    }
    const deadline = this.now().getTime() + (this.options.maxWaitMs ?? 2000);
    let previous: string | null = null;
    let serverFailures = 0;
    let failures = 0;
    let attempted = 0;
    const failedSources = new Set<FailureSource>();
    for (let round = 0; ; round++) {
      const keys = request.key ? [request.key] : await this.store.candidates(request.tenantId, request.provider);
      if (!keys.length) {
        breaker.success();
        decide('refused');
        throw noProviderKey(request.provider);
      }
      await this.checkAiBudget(request, keys);
      const day = utcDay(this.now());
      const ordered = await this.order(keys, day);
      let waitMs = Number.POSITIVE_INFINITY;
      let exhausted = 0;
      for (const key of ordered) {
        const slot = await this.acquire(request, key, day);
        if (slot === 'quota') {
          exhausted += 1;
          continue;
        }
        if (typeof slot === 'number') {
          waitMs = Math.min(waitMs, slot);
          continue;
        }
        if (previous !== null && previous !== key.id) {
          this.logRotation({ tenantId: request.tenantId, provider: request.provider, fromKeyId: previous, toKeyId: key.id, reason: 'previous key refused the call' });
        }
        decide(previous !== null && previous !== key.id ? 'rotated' : round > 0 ? 'waited' : 'admitted');
        attempted += 1;
        const attempt = await this.attempt<C, T>(request, key, day, fn, slot.errors);
        if (attempt.kind === 'ok') {
          breaker.success();
          return attempt.value;
        }
        if (attempt.kind === 'throw') {
          breaker.success();
          throw attempt.error;
        }
        previous = key.id;
        if (request.key) {
          if (attempt.serverFailure) breaker.failure([failureSource(key.tenantId)]);
          throw attempt.error;
        }
        // A throttled key is usable again once its cool-down ends: that, not a blind backoff, is the wait.
        if (attempt.waitMs !== undefined) waitMs = Math.min(waitMs, attempt.waitMs);
        if (attempt.failed) failures += 1;
        if (attempt.serverFailure) {
          serverFailures += 1;
          failedSources.add(failureSource(key.tenantId));
        }
        // A provider that fails with 5xx on two keys is down, not one key broken: stop spreading the load.
        if (serverFailures >= 2) break;
      }
      if (failures > 0 && failures === attempted) {
        // A key that could not even send its request failed the call, but says nothing about the provider.
        if (failedSources.size) breaker.failure(failedSources);
        throw providerUnavailable(request.provider, 'the provider failed on every key tried');
      }
      if (exhausted === ordered.length) {
        decide('refused');
        throw quotaExhausted(request.provider, nextUtcMidnight(this.now()));
      }
      const now = this.now().getTime();
      if (!Number.isFinite(waitMs)) waitMs = 1000 * 2 ** Math.min(round, 4);
      // Backoff with jitter, so replicas waiting on one key do not all come back at the same instant.
      const pause = waitMs + Math.floor(Math.random() * Math.min(100, waitMs / 4 + 1));
      if (now + pause > deadline) {
        this.logRotation({ tenantId: request.tenantId, provider: request.provider, fromKeyId: previous, toKeyId: null, reason: 'no key with a free slot' });
        decide('refused');
        throw rateLimited(request.provider, Math.max(1, Math.ceil(waitMs / 1000)));
      }
      await this.sleep(pause);
    }
  }

  /** Own keys before shared ones; within each, the most quota left first (no quota counts as unlimited). */
  private async order(keys: CandidateKey[], day: string): Promise<CandidateKey[]> {
    if (keys.length === 1) return keys;
    const used = await this.options.counters.usedToday(keys.map((k) => k.id), day);
    const left = keys.map((key, i) => {
      const quota = this.quotaOf(key);
      return quota === null ? Number.POSITIVE_INFINITY : quota - used[i];
    });
    return keys
      .map((key, i) => ({ key, left: left[i], own: key.tenantId !== null ? 0 : 1, i }))
      .sort((a, b) => a.own - b.own || b.left - a.left || a.i - b.i)
      .map((entry) => entry.key);
  }

  private quotaOf(key: CandidateKey): number | null {
    return key.dailyQuota ?? PROVIDER_DEFAULTS[key.provider].dailyQuota;
  }

  /** Takes a quota unit and a rate slot; returns 'quota' when spent, a wait in ms, or the key's error streak. */
  private async acquire(request: CallRequest, key: CandidateKey, day: string): Promise<{ errors: number } | 'quota' | number> {
    if (PROVIDER_DEFAULTS[key.provider].llm && (await this.tokenWindowsFull(key))) return 'quota';
    const quota = this.quotaOf(key);
    const now = this.now();
    const acquireRequest = {
      keyId: key.id,
      day,
      quota,
      quotaTtlMs: nextUtcMidnight(now).getTime() - now.getTime() + 3_600_000,
      rate: effectiveRate(key.provider, request.operation, key),
      failClosed: FAIL_CLOSED_WITHOUT_REDIS.has(key.provider),
    };
    let result;
    try {
      result = await this.options.counters.acquire(acquireRequest);
      if (!result.ok && result.reason === 'unknown') {
        // The counters lost today's count (Redis restarted empty, or was flushed): rebuild it from the usage
        // log before admitting anything, or a key would get its whole quota again.
        await this.options.counters.restore(key.id, day, await this.store.quotaCallsOn(key.id, day), acquireRequest.quotaTtlMs);
        result = await this.options.counters.acquire(acquireRequest);
      }
    } catch (error) {
      if (error instanceof CountersUnavailableError) {
        throw providerUnavailable(request.provider, 'the shared counters (Redis) are unreachable, and calls that move money fail closed');
      }
      throw error;
    }
    if (!result.ok) {
      if (result.reason === 'unknown') return 1000;
      return result.reason === 'quota' ? 'quota' : result.waitMs;
    }
    if (result.at !== undefined) this.options.onAdmit?.({ keyId: key.id, at: result.at });
    const errors = result.errors;
    if (quota !== null) {
      for (const threshold of [80, 100] as const) {
        // Counted atomically, so exactly one call sees the count that crosses each threshold.
        if (result.used === Math.ceil((quota * threshold) / 100)) {
          void this.options.events
            .publish({ type: 'key.quota', tenantId: key.tenantId, keyId: key.id, provider: key.provider, threshold, used: result.used, quota, at: now.toISOString() })
            .catch((error) => this.internalError('alert_publish', error, { keyId: key.id }));
        }
      }
    }
    return { errors };
  }

  private async tokenWindowsFull(key: CandidateKey): Promise<boolean> {
    if (!key.tokensPerMinute && !key.tokensPerDay) return false;
    const now = this.now();
    const [minute, day] = await this.options.counters.read([`tpm:${key.id}:${minuteOf(now)}`, `tpd:${key.id}:${utcDay(now)}`]);
    return (key.tokensPerMinute !== null && minute >= key.tokensPerMinute) || (key.tokensPerDay !== null && day >= key.tokensPerDay);
  }

  /** The tenant's monthly AI budget, and its cap for this provider: either spent is QUOTA_EXHAUSTED until next month. */
  private async checkAiBudget(request: CallRequest, keys: CandidateKey[]): Promise<void> {
    if (!PROVIDER_DEFAULTS[request.provider].llm || !keys.length) return;
    const [budget, cap] = await Promise.all([
      this.store.monthlyAiBudgetUsd(request.tenantId),
      this.store.monthlyProviderBudgetUsd(request.tenantId, request.provider),
    ]);
    if (budget === null && cap === null) return;
    const now = this.now();
    const [spent, spentHere] = await this.options.counters.read([spendCounter(request.tenantId, now), providerSpendCounter(request.tenantId, request.provider, now)]);
    const nextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
    if (budget !== null && spent >= budget) throw quotaExhausted(`${request.provider} (monthly AI budget of $${budget})`, nextMonth);
    if (cap !== null && spentHere >= cap) throw quotaExhausted(`${request.provider} (monthly ${request.provider} budget of $${cap})`, nextMonth);
  }

  private async attempt<C, T>(
    request: CallRequest, key: CandidateKey, day: string, fn: (lease: KeyLease<C>) => Promise<T>, errorStreak: number,
  ): Promise<Attempt<T>> {
    const started = performance.now();
    let usage: { model: string; inputTokens: number; outputTokens: number } | null = null;
    const lease: KeyLease<C> = {
      keyId: key.id, provider: key.provider, last4: key.last4, credentials: key.credentials as C,
      reportUsage: (reported) => (usage = reported),
    };
    const record = (outcome: CallOutcome) => {
      const cost = usage ? this.options.prices.costUsd(usage.model, usage.inputTokens, usage.outputTokens) : 0;
      const latencyMs = performance.now() - started;
      this.options.usage.record({
        at: this.now(), tenantId: request.tenantId, keyId: key.id, provider: request.provider, operation: request.operation,
        outcome, latencyMs, model: usage?.model, inputTokens: usage?.inputTokens, outputTokens: usage?.outputTokens, costUsd: cost,
      });
      providerCalls.inc({ provider: request.provider, outcome });
      providerCallDuration.observe({ provider: request.provider, outcome }, latencyMs / 1000);
      if (usage) void this.countTokens(request.tenantId, key, usage.inputTokens + usage.outputTokens, cost);
    };
    try {
      const value = await fn(lease);
      record('ok');
      // Only a key with a streak needs the extra round trip to clear it.
      if (errorStreak > 0) void this.options.counters.clearErrors(key.id).catch((error) => this.internalError('clear_errors', error, { keyId: key.id }));
      return { kind: 'ok', value };
    } catch (error) {
      if (!(error instanceof ProviderError)) {
        record('error');
        return { kind: 'throw', error };
      }
      return this.onProviderError(key, day, error, record);
    }
  }

  private async onProviderError<T>(
    key: CandidateKey, day: string, error: ProviderError, record: (outcome: CallOutcome) => void,
  ): Promise<Attempt<T>> {
    const { counters } = this.options;
    switch (error.kind) {
      case 'rate_limited': {
        record('rate_limited');
        // The provider served nothing: give the quota unit back, and rest the key as long as it asks.
        await counters.release(key.id, day);
        // A spent account (each provider's error mapping says so: providers/<name>/errors.ts) will not heal by waiting.
        if (error.accountSpent) {
          await this.disable(key, 'the provider reports the account out of quota');
          return { kind: 'next', reason: 'insufficient_quota', serverFailure: false, error };
        }
        const coolMs = error.retryAfterMs ?? 1000;
        await counters.coolDown(key.id, coolMs);
        return { kind: 'next', reason: 'rate limited by the provider', serverFailure: false, waitMs: coolMs, error };
      }
      case 'auth':
        record('auth');
        await counters.release(key.id, day);
        if (error.providerCode && GRANT_LOST.has(error.providerCode)) {
          // The credentials are fine, the grant is gone: retrying cannot help, the administrator must consent again.
          await this.requireConsent(key, `the provider no longer accepts the key's grant (${error.providerCode}); the administrator must consent again`);
          return { kind: 'next', reason: 'consent required', serverFailure: false, error };
        }
        await this.disable(key, `the provider refused the credentials${error.providerCode ? ` (${error.providerCode})` : ''}`);
        return { kind: 'next', reason: 'authentication failed', serverFailure: false, error };
      case 'server':
      case 'timeout':
      case 'network': {
        record('error');
        const errors = await counters.recordError(key.id);
        if (errors >= (this.options.errorsToDisable ?? 5)) await this.disable(key, `${errors} consecutive errors, the last: ${error.kind}`);
        // A request that could not even be formed (a header value with a line break, a URL that does not parse)
        // is this key's fault, not evidence that the provider is down.
        return { kind: 'next', reason: `provider ${error.kind} error`, serverFailure: !failedBeforeSending(error), failed: true, error };
      }
      default:
        // A bad request or a missing record is the caller's business, not the key's health.
        record('client_error');
        return { kind: 'throw', error };
    }
  }

  private async requireConsent(key: CandidateKey, reason: string): Promise<void> {
    await this.store.requireConsent(key.id, reason);
    void this.options.events
      .publish({ type: 'key.needs_consent', tenantId: key.tenantId, keyId: key.id, provider: key.provider, reason, at: this.now().toISOString() })
      .catch((error) => this.internalError('alert_publish', error, { keyId: key.id }));
  }

  private async disable(key: CandidateKey, reason: string): Promise<void> {
    await this.store.disable(key.id, reason);
    void this.options.events
      .publish({ type: 'key.disabled', tenantId: key.tenantId, keyId: key.id, provider: key.provider, reason, at: this.now().toISOString() })
      .catch((error) => this.internalError('alert_publish', error, { keyId: key.id }));
  }

  private logRotation(entry: Parameters<KeyStore['logRotation']>[0]): void {
    try {
      this.store.logRotation(entry);
    } catch (error) {
      this.internalError('rotation_log', error, { provider: entry.provider });
    }
  }

  /** Side work no caller waits for: logged with its cause and counted, never thrown. */
  internalError(operation: InternalOperation, error: unknown, context: Record<string, unknown> = {}): void {
    keyringInternalErrors.inc({ operation });
    this.options.logger?.error({ err: error, operation, ...context }, `key resolver: ${operation.replace('_', ' ')} failed`);
  }

  private async countTokens(tenantId: string, key: CandidateKey, tokens: number, costUsd: number): Promise<void> {
    const now = this.now();
    const { counters } = this.options;
    await Promise.all([
      counters.add(`tpm:${key.id}:${minuteOf(now)}`, tokens, 120_000),
      counters.add(`tpd:${key.id}:${utcDay(now)}`, tokens, 2 * DAY_MS),
      costUsd > 0 ? counters.add(spendCounter(tenantId, now), costUsd, 40 * DAY_MS) : Promise.resolve(0),
      costUsd > 0 ? counters.add(providerSpendCounter(tenantId, key.provider, now), costUsd, 40 * DAY_MS) : Promise.resolve(0),
    ]).catch((error) => this.internalError('token_count', error, { keyId: key.id }));
  }
}

/**
 * The request was never sent: somewhere in the causes is a TypeError of the request's own making (a header
 * value with a line break, a URL that does not parse), not undici's "fetch failed" wrapping a socket error.
 * Clients word these differently (ours as a network error, an official SDK as a server error), so the causes decide.
 */
export function failedBeforeSending(error: ProviderError): boolean {
  for (let cause = (error as { cause?: unknown }).cause, depth = 0; cause && depth < 5; cause = (cause as { cause?: unknown }).cause, depth++) {
    // By name, not instanceof: fetch's errors come from another realm under test runners (and in some bundles).
    const { name, message, cause: inner } = cause as { name?: string; message?: string; cause?: unknown };
    if (name === 'TypeError' && message !== 'fetch failed' && inner === undefined) return true;
  }
  return false;
}
