// Seeds the `demo` tenant for `npm start`: sandbox credentials for every provider the sandbox serves, then a
// first sync of every marketplace through the gateway, so the acceptance queries return data at once.
import { SANDBOX_MODULES } from '../sandbox/registry';
import type { SandboxModule } from '../sandbox/modules';
import { MARKETPLACE_NAMES, type ServedProvider } from '../providers/registry';
import type { Keyring } from '../keyring/keyring';
import type { Provider } from '../keyring/credentials';
import { providerSettings, type Config } from '../platform/config';
import type { KeyValueStore } from '../platform/kv';
import { beginConsent, completeConsent, consentProvider, CONSENTING_PROVIDERS } from '../subgraphs/keys/oauth-consent';

export const DEMO_TENANT = 'demo';

/** Each served provider's demo key (its sandbox module's demo credentials), in the sandbox registry's order. */
const DEMO_KEYS = (Object.entries(SANDBOX_MODULES) as Array<[ServedProvider, SandboxModule | null]>).flatMap(([provider, module]) =>
  module ? [{ provider, credentials: { ...module.demoCredentials }, byDefault: module.demoKeyByDefault, dailyQuota: module.demoDailyQuota }] : [],
);

export const DEMO_MARKETPLACES = MARKETPLACE_NAMES;

/** What seeding needs of a running stack (scripts/stack.ts): the key store, the shared store and the config. */
export interface SeedTarget {
  keyring: Keyring;
  kv: KeyValueStore;
  config: Pick<Config, 'providers'>;
}

/**
 * The plans the demo's keys stand for, where a provider's default (its free plan, keyring/limits.ts) is too small for
 * a demo under load: each sandbox module's `demoDailyQuota` (sandbox/<name>/index.ts says why). A real key gets its
 * own plan's figure with `updateApiKey(dailyQuota:)`.
 */
export const DEMO_PLANS: Partial<Record<Provider, { dailyQuota: number }>> = Object.fromEntries(
  DEMO_KEYS.flatMap((key) => (key.dailyQuota === undefined ? [] : [[key.provider, { dailyQuota: key.dailyQuota }]])),
);

const CONSENTING = new Set<Provider>(CONSENTING_PROVIDERS.map((p) => p.name));

/**
 * Adds the demo keys the tenant lacks. By default only the first providers' (the marketplaces, the international
 * tracker and the second payment gateway, which most tests leave out to keep their key lists short, come with
 * `everyMarketplace`, as `npm start` asks: the demo mall then shows orders paid through both gateways). A key
 * connected by OAuth consent is connected as a seller connects one: stored waiting for consent, the person consenting
 * on the sandbox's authorize page (its module's `consent`), and the code exchanged (only the gateway's redirect hop
 * is skipped).
 */
export async function seedDemoKeys(target: SeedTarget, tenantId = DEMO_TENANT, options: { everyMarketplace?: boolean } = {}): Promise<void> {
  const keys = await target.keyring.listKeys(tenantId);
  const existing = new Set(keys.map((key) => key.provider));
  for (const key of DEMO_KEYS.filter((k) => k.byDefault || options.everyMarketplace)) {
    if (existing.has(key.provider)) continue;
    const label = `sandbox ${key.provider.toLowerCase()}`;
    if (CONSENTING.has(key.provider)) await connectDemoKey(target, tenantId, label, key.provider, key.credentials);
    else await target.keyring.addKey({ tenantId, provider: key.provider, label, credentials: key.credentials, dailyQuota: DEMO_PLANS[key.provider]?.dailyQuota });
  }
  // A demo seeded before the plans were (its data kept under .data/) moves up to them.
  for (const key of keys) {
    const plan = DEMO_PLANS[key.provider];
    if (plan && key.dailyQuota === null && key.label === `sandbox ${key.provider.toLowerCase()}`) {
      await target.keyring.updateKey(key.id, { tenantId, platform: false }, { dailyQuota: plan.dailyQuota });
    }
  }
}

/** Adds a key of a provider connected by OAuth consent and connects it through the sandbox's authorize page. */
export async function connectDemoKey(
  target: SeedTarget, tenantId: string, label: string, provider: ServedProvider, credentials: Record<string, string>,
): Promise<void> {
  const consent = consentProvider(provider, { baseUrls: target.config.providers.baseUrls, settings: providerSettings(target.config.providers) });
  const browser = (SANDBOX_MODULES[provider] as SandboxModule).consent;
  if (!browser) throw new Error(`the sandbox module of ${provider} has no consent page to connect its demo key through`);
  const deps = { keyring: target.keyring, kv: target.kv };
  const key = await target.keyring.addKey({ tenantId, provider, label, credentials, status: 'NEEDS_CONSENT' });
  const redirect = await browser(await beginConsent(deps, consent, { tenantId, keyId: key.id, credentials }), credentials);
  const outcome = await completeConsent(deps, consent, {
    state: redirect.searchParams.get('state') ?? '', code: redirect.searchParams.get('code'), error: redirect.searchParams.get('error'),
  });
  if (outcome.status !== 200) throw new Error(`connecting the demo ${consent.label} key failed: ${outcome.reason}`);
}

export async function graphqlRequest<T = unknown>(
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return response.json() as Promise<{ data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }>;
}
