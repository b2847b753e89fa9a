// A provider-wide circuit breaker: when the provider itself is failing, calls fail fast with
// PROVIDER_UNAVAILABLE until a cool-down has passed, then one probe decides whether it is back.
// Only evidence about the provider counts: a server error, timeout or network failure on a shared-pool key,
// or on the keys of at least two distinct tenants within the window. A failure on one tenant's own keys (a
// broken key, a mall id that is not a host) says nothing about the provider, so one tenant can never take the
// provider down for the others.
export type BreakerState = 'closed' | 'open' | 'half-open';

/** Whose key failed: `shared` for the platform's pool, `t:<tenant>` for a tenant's own key. */
export type FailureSource = 'shared' | `t:${string}`;

export interface BreakerOptions {
  /** Failed calls within the window that open the breaker (when they come from enough sources). */
  failureThreshold: number;
  coolDownMs: number;
  /** How far back failures count as evidence (default 60 s). */
  windowMs?: number;
  now?: () => number;
}

export const failureSource = (keyTenantId: string | null): FailureSource => (keyTenantId === null ? 'shared' : `t:${keyTenantId}`);

export class ProviderBreaker {
  private evidence: Array<{ at: number; source: FailureSource }> = [];
  private openedAt: number | null = null;
  private probing = false;
  private readonly now: () => number;

  constructor(private readonly options: BreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  get state(): BreakerState {
    if (this.openedAt === null) return 'closed';
    return this.now() - this.openedAt >= this.options.coolDownMs ? 'half-open' : 'open';
  }

  /** Whether a call may go ahead; in half-open state only one probe at a time. */
  allow(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.probing) return false;
    this.probing = true;
    return true;
  }

  retryAfterMs(): number {
    return this.openedAt === null ? 0 : Math.max(0, this.options.coolDownMs - (this.now() - this.openedAt));
  }

  success(): void {
    this.evidence = [];
    this.openedAt = null;
    this.probing = false;
  }

  /** A call failed with a provider-side error on keys of these sources. */
  failure(sources: Iterable<FailureSource>): void {
    this.probing = false;
    const now = this.now();
    for (const source of new Set(sources)) this.evidence.push({ at: now, source });
    this.evidence = this.evidence.filter((entry) => now - entry.at < (this.options.windowMs ?? 60_000));
    const distinct = new Set(this.evidence.map((entry) => entry.source));
    const providerWide = distinct.has('shared') || distinct.size >= 2;
    if (!providerWide) return;
    // Half-open: one more piece of provider-wide evidence is enough to rest it again.
    if (this.state === 'half-open' || this.evidence.length >= this.options.failureThreshold) {
      this.openedAt = now;
      this.evidence = [];
    }
  }
}
