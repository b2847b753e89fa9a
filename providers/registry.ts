// Every provider opsgraph knows, one line each. Everything keyed by provider is derived from this list: the
// GraphQL `Provider` and `Marketplace` enums, the base URL settings (platform/config.ts), credentials and limits
// (keyring/), the `testApiKey` probes (subgraphs/keys/probes.ts) and the demo seed. Tables elsewhere are typed
// `Record<Provider, …>` or `Record<ServedProvider, …>`, so a provider added here and forgotten there does not
// compile. The order is the GraphQL enum's order. How to add one: docs/adding-a-provider.md.
import type { PlannedProviderDescriptor, ProviderDescriptor, ServedProviderDescriptor } from './descriptor';
import { aftership } from './aftership/descriptor';
import { anthropic } from './anthropic/descriptor';
import { cafe24 } from './cafe24/descriptor';
import { coupang } from './coupang/descriptor';
import { elevenst } from './elevenst/descriptor';
import { naver } from './naver/descriptor';
import { openai } from './openai/descriptor';
import { openbanking } from './openbanking/descriptor';
import { popbill } from './popbill/descriptor';
import { portone } from './portone/descriptor';
import { sweettracker } from './sweettracker/descriptor';
import { toss } from './toss/descriptor';

export const PROVIDER_REGISTRY = [
  naver,
  cafe24,
  coupang,
  elevenst,
  sweettracker,
  aftership,
  portone,
  toss,
  popbill,
  openbanking,
  openai,
  anthropic,
] as const satisfies readonly ProviderDescriptor[];

type Descriptor = (typeof PROVIDER_REGISTRY)[number];
/** The GraphQL `Provider` values, e.g. `'NAVER'`. */
export type Provider = Descriptor['name'];
/** Providers opsgraph calls: each has a probe, a base URL and a sandbox module. */
export type ServedProvider = Extract<Descriptor, { served: true }>['name'];
/** Marketplaces: served providers with a commerce adapter. */
export type Marketplace = Extract<Descriptor, { marketplace: true }>['name'];
/** The lower-case name used in base URLs, sandbox paths, counters and ProviderError.provider. */
export type ProviderName = Lowercase<Provider>;

export const PROVIDER_NAMES = PROVIDER_REGISTRY.map((d) => d.name) as readonly Provider[];

export const PROVIDERS = Object.fromEntries(PROVIDER_REGISTRY.map((d) => [d.name, d])) as {
  readonly [P in Provider]: Extract<Descriptor, { name: P }>;
};

export const SERVED_PROVIDERS = PROVIDER_REGISTRY.filter(
  (d): d is Extract<Descriptor, { served: true }> => d.served,
) as ReadonlyArray<ServedProviderDescriptor<ServedProvider>>;

/** Providers whose keys can be stored but that nothing calls yet (none today: every planned one is served). */
export const PLANNED_PROVIDERS: ReadonlyArray<PlannedProviderDescriptor> = (PROVIDER_REGISTRY as readonly ProviderDescriptor[]).filter(
  (d): d is PlannedProviderDescriptor => !d.served,
);

export const MARKETPLACE_NAMES = PROVIDER_REGISTRY.filter((d) => 'marketplace' in d && d.marketplace).map((d) => d.name) as readonly Marketplace[];

export function lowerName<P extends Provider>(provider: P): Lowercase<P> {
  return provider.toLowerCase() as Lowercase<P>;
}

/** The provider's own settings, merged (e.g. `{ cafe24RedirectUri: string }`), as `config.providers` carries them. */
type SettingsOf<D> = D extends { settings: infer S } ? { [K in keyof S]: string } : Record<never, never>;
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
export type ProviderSettings = UnionToIntersection<SettingsOf<Descriptor>>;
