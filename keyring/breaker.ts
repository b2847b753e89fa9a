// A provider-wide circuit breaker: when a provider fails on every key it is given, calls fail fast with
// PROVIDER_UNAVAILABLE until a cool-down has passed, then one probe decides whether it is back.
export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions { failureThreshold: number; coolDownMs: number; now?: () => number }

export class ProviderBreaker {
  private failures = 0;
  private openedAt = 0;
  private probing = false;
  private readonly now: () => number;

  constructor(private readonly options: BreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  get state(): BreakerState {
    if (this.failures < this.options.failureThreshold) return 'closed';
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
    return Math.max(0, this.options.coolDownMs - (this.now() - this.openedAt));
  }

  success(): void {
    this.failures = 0;
    this.probing = false;
  }

  failure(): void {
    this.probing = false;
    this.failures += 1;
    if (this.failures >= this.options.failureThreshold) this.openedAt = this.now();
  }
}
