// A rate per source IP for the gateway's unauthenticated public routes (the OAuth callbacks): GCRA in this process,
// as the webhook receivers limit their sources (subgraphs/logistics/webhook-guard.ts). A flood of forged callbacks
// then costs a 429, not a signed call to a subgraph and a state lookup each.
import { gcraStep } from '../platform/gcra';

export interface SourceRate {
  perSecond: number;
  burst: number;
}

export const DEFAULT_OAUTH_CALLBACK_RATE: SourceRate = { perSecond: 1, burst: 20 };

export class SourceRateLimiter {
  // A Map used as an LRU: re-inserting moves a source to the end; the least recently admitted is forgotten first.
  private readonly tats = new Map<string, number>();

  constructor(
    private readonly rate: SourceRate,
    private readonly options: { maxSources?: number; now?: () => number } = {},
  ) {}

  /** 0 when the source may go on (its slot is taken), else the ms until it may come again. */
  admit(source: string): number {
    const now = (this.options.now ?? Date.now)();
    const step = gcraStep(this.tats.get(source) ?? 0, now, 1000 / this.rate.perSecond, this.rate.burst);
    if (step.waitMs > 0) return step.waitMs;
    this.tats.delete(source);
    this.tats.set(source, step.tat);
    if (this.tats.size > (this.options.maxSources ?? 10_000)) this.tats.delete(this.tats.keys().next().value!);
    return 0;
  }
}
