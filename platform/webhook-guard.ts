// What stands between an unauthenticated POST and the database: a rate per source IP and per tenant (GCRA,
// in this process: platform/source-limit.ts), and each tenant's webhook secrets cached briefly, so a flood of forged signatures costs
// one secret lookup per tenant per cache lifetime and no query per request.
import { SourceRateLimiter, type SourceRate } from './source-limit';

/** A Map used as an LRU: re-inserting moves an entry to the end, the first entry is the least recently used. */
class Lru<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly max: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }
}

export interface WebhookGuardOptions {
  rate?: SourceRate;
  /** How long a tenant's secrets are trusted without asking again (default 10 s): a new secret works after at most this. */
  secretTtlMs?: number;
  /** Tenants (and sources) remembered at most; the least recently seen are forgotten first. */
  maxEntries?: number;
  now?: () => number;
}

export const DEFAULT_WEBHOOK_RATE: SourceRate = { perSecond: 20, burst: 100 };

export class WebhookGuard {
  private readonly buckets: SourceRateLimiter;
  private readonly secrets: Lru<{ at: number; secrets: Promise<string[]> }>;
  private readonly now: () => number;

  constructor(private readonly lookup: (tenantId: string) => Promise<string[]>, private readonly options: WebhookGuardOptions = {}) {
    this.now = options.now ?? Date.now;
    this.buckets = new SourceRateLimiter(options.rate ?? DEFAULT_WEBHOOK_RATE, { maxSources: options.maxEntries ?? 10_000, now: this.now });
    this.secrets = new Lru(options.maxEntries ?? 10_000);
  }

  /** 0 when the request may go on, else the ms until the source (or the tenant) may send again. */
  admit(sourceIp: string, tenantId: string): number {
    let wait = 0;
    for (const bucket of [`ip:${sourceIp}`, `t:${tenantId}`]) wait = Math.max(wait, this.buckets.admit(bucket));
    return wait;
  }

  /** The tenant's webhook secrets, from the cache while fresh; a failed lookup is not cached. */
  secretsOf(tenantId: string): Promise<string[]> {
    const cached = this.secrets.get(tenantId);
    if (cached && this.now() - cached.at < (this.options.secretTtlMs ?? 10_000)) return cached.secrets;
    const secrets = this.lookup(tenantId);
    const entry = { at: this.now(), secrets };
    this.secrets.set(tenantId, entry);
    secrets.catch(() => {
      if (this.secrets.get(tenantId) === entry) this.secrets.set(tenantId, { at: 0, secrets });
    });
    return secrets;
  }
}
