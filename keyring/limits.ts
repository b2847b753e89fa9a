// Each provider's real limits as defaults, overridable per key; each provider's descriptor declares them
// (`limits` in providers/<name>/descriptor.ts, from providers/<name>/README.md).
// Rates are GCRA: `perSecond` sustained, bursts of up to `burst` calls.
import type { ProviderLimits, RateLimit } from '../providers/descriptor';
import { PROVIDER_REGISTRY } from '../providers/registry';
import type { Provider } from './credentials';

export type { RateLimit };
export type ProviderDefaults = ProviderLimits;

export const PROVIDER_DEFAULTS = Object.fromEntries(
  PROVIDER_REGISTRY.map((descriptor) => [descriptor.name, descriptor.limits]),
) as Record<Provider, ProviderDefaults>;

/**
 * Defaults run at 90% of the provider's published rate and 75% of its burst: the provider's clock and ours,
 * and the network and event loop between, never agree to the millisecond (calls granted apart can arrive
 * together), and a 429 costs more than the share given up.
 */
export const DEFAULT_RATE_SHARE = 0.9;
export const DEFAULT_BURST_SHARE = 0.75;

export function effectiveRate(
  provider: Provider,
  operation: string,
  key: { ratePerSecond: number | null; rateBurst: number | null },
): { intervalMs: number; burst: number } | null {
  const defaults = PROVIDER_DEFAULTS[provider];
  const base = defaults.operations?.[operation] ?? defaults.rate;
  const perSecond = key.ratePerSecond ?? (base ? base.perSecond * DEFAULT_RATE_SHARE : null);
  if (!perSecond) return null;
  const burst = key.rateBurst ?? (base ? Math.max(1, Math.floor(base.burst * DEFAULT_BURST_SHARE)) : 1);
  return { intervalMs: 1000 / perSecond, burst };
}
