// Seeds the `demo` tenant for `npm start`: sandbox credentials for every provider the sandbox serves, then a
// first sync of every marketplace through the gateway, so the acceptance queries return data at once.
import { SANDBOX_MODULES } from '../sandbox/registry';
import { MARKETPLACE_NAMES } from '../providers/registry';
import type { Keyring } from '../keyring/keyring';
import type { Provider } from '../keyring/credentials';
import type { Config } from '../platform/config';
import type { KeyValueStore } from '../platform/kv';
import { consentAsMallAdmin } from '../sandbox/cafe24/browser';
import { beginCafe24Consent, completeCafe24Consent } from '../subgraphs/keys/cafe24-consent';
import { consentAsAccountHolder } from '../sandbox/openbanking/browser';
import { beginConsent, completeConsent } from '../subgraphs/keys/oauth-consent';
import { openbankingConsent } from '../subgraphs/keys/openbanking-consent';

export const DEMO_TENANT = 'demo';

/** Each served provider's demo key (its sandbox module's demo credentials), in the sandbox registry's order. */
const DEMO_KEYS = (Object.entries(SANDBOX_MODULES) as Array<[Provider, (typeof SANDBOX_MODULES)[Provider]]>).flatMap(([provider, module]) =>
  module ? [{ provider, credentials: { ...module.demoCredentials }, byDefault: module.demoKeyByDefault }] : [],
);

export const DEMO_MARKETPLACES = MARKETPLACE_NAMES;

/** What seeding needs of a running stack (scripts/stack.ts): the key store, the shared store and the config. */
export interface SeedTarget {
  keyring: Keyring;
  kv: KeyValueStore;
  config: Pick<Config, 'providers'>;
}

/**
/**
 * The plans the demo's keys stand for, where a provider's default (its free plan, keyring/limits.ts) is too small for
 * a demo under load: Sweet Tracker's free plan is 100 calls a day, which dashboards at 50 clients spent in 15
 * minutes (issue 13). The demo key is seeded as a paid plan of 10,000 calls a day; Sweet Tracker publishes its paid
 * quotas only per contract (providers/sweettracker/README.md: plan-based quotas, UNVERIFIED), so a real key gets its
 * own plan's figure with `updateApiKey(dailyQuota:)`.
 */
export const DEMO_PLANS: Partial<Record<Provider, { dailyQuota: number }>> = {
  SWEETTRACKER: { dailyQuota: 10_000 },
};

/**
 * Adds the demo keys the tenant lacks. By default only the first providers' (the marketplaces, the international
 * tracker and PortOne, which most tests leave out to keep their key lists short, come with `everyMarketplace`, as
 * `npm start` asks: the demo mall then shows orders paid through Toss and through PortOne). The Cafe24 key is
 * connected as a seller connects one: stored waiting for consent, the mall administrator consenting on the
 * sandbox's login page, and the code exchanged (only the gateway's redirect hop is skipped); the Open Banking key the
 * same way, through the sandbox's authorize page.
 */
export async function seedDemoKeys(target: SeedTarget, tenantId = DEMO_TENANT, options: { everyMarketplace?: boolean } = {}): Promise<void> {
  const keys = await target.keyring.listKeys(tenantId);
  const existing = new Set(keys.map((key) => key.provider));
  for (const key of DEMO_KEYS.filter((k) => k.byDefault || options.everyMarketplace)) {
    if (existing.has(key.provider)) continue;
    const label = `sandbox ${key.provider.toLowerCase()}`;
    if (key.provider === 'CAFE24') await connectDemoCafe24(target, tenantId, label, key.credentials);
    else if (key.provider === 'OPENBANKING') await connectDemoOpenBanking(target, tenantId, label, key.credentials);
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

/** Adds a Cafe24 key and connects it through the sandbox's consent page (tests use it for their own tenants). */
export async function connectDemoCafe24(target: SeedTarget, tenantId: string, label: string, credentials: Record<string, string>): Promise<void> {
  const deps = {
    keyring: target.keyring, kv: target.kv, baseUrl: target.config.providers.baseUrls.cafe24, redirectUri: target.config.providers.cafe24RedirectUri,
  };
  const key = await target.keyring.addKey({ tenantId, provider: 'CAFE24', label, credentials, status: 'NEEDS_CONSENT' });
  const authorizeUrl = await beginCafe24Consent(deps, { tenantId, keyId: key.id, credentials });
  const redirect = await consentAsMallAdmin(authorizeUrl, { adminId: credentials.mallId });
  const outcome = await completeCafe24Consent(deps, {
    state: redirect.searchParams.get('state') ?? '', code: redirect.searchParams.get('code'), error: redirect.searchParams.get('error'),
  });
  if (outcome.status !== 200) throw new Error(`connecting the demo Cafe24 mall failed: ${outcome.reason}`);
}

/** Adds an Open Banking key and connects it through the sandbox's authorize page, as the account holder would. */
export async function connectDemoOpenBanking(target: SeedTarget, tenantId: string, label: string, credentials: Record<string, string>): Promise<void> {
  const provider = openbankingConsent({ baseUrl: target.config.providers.baseUrls.openbanking, redirectUri: target.config.providers.openbankingRedirectUri });
  const deps = { keyring: target.keyring, kv: target.kv };
  const key = await target.keyring.addKey({ tenantId, provider: 'OPENBANKING', label, credentials, status: 'NEEDS_CONSENT' });
  const redirect = await consentAsAccountHolder(await beginConsent(deps, provider, { tenantId, keyId: key.id, credentials }));
  const outcome = await completeConsent(deps, provider, {
    state: redirect.searchParams.get('state') ?? '', code: redirect.searchParams.get('code'), error: redirect.searchParams.get('error'),
  });
  if (outcome.status !== 200) throw new Error(`connecting the demo Open Banking key failed: ${outcome.reason}`);
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
