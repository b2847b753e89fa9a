// A rate per source (an IP address, a tenant) in this process, GCRA, for the unauthenticated routes: the gateway's
// OAuth callbacks and the webhook receivers (platform/webhook-guard.ts). A flood of forged requests then costs a
// 429, not a signed call to a subgraph, a state lookup or a secret lookup each.
import { gcraStep } from './gcra';

export interface SourceRate {
  perSecond: number;
  burst: number;
}

export class SourceRateLimiter {
  // A Map used as an LRU: re-inserting moves a source to the end; the least recently seen is forgotten first. A
  // refused source counts as seen, so a flood cannot shed its bucket by pushing it out with other sources.
  private readonly tats = new Map<string, number>();

  constructor(
    private readonly rate: SourceRate,
    private readonly options: { maxSources?: number; now?: () => number } = {},
  ) {}

  /** 0 when the source may go on (its slot is taken), else the ms until it may come again. */
  admit(source: string): number {
    const now = (this.options.now ?? Date.now)();
    const tat = this.tats.get(source);
    const step = gcraStep(tat ?? 0, now, 1000 / this.rate.perSecond, this.rate.burst);
    if (step.waitMs === 0 || tat !== undefined) {
      this.tats.delete(source);
      this.tats.set(source, step.tat);
    }
    if (this.tats.size > (this.options.maxSources ?? 10_000)) this.tats.delete(this.tats.keys().next().value!);
    return step.waitMs;
  }
}
