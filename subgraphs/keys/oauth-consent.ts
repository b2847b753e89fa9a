// The 3-legged OAuth consent any provider with an `oauthCallback` part needs (providers/<name>/descriptor.ts): the
// key is stored NEEDS_CONSENT, a random single-use state bound to tenant and key lives 10 minutes in the shared
// key-value store (only its hash is the key), the provider sends the browser to the gateway's callback, which hands
// code and state to this subgraph's internal route, signed; the code is exchanged, the session sealed on the key's
// row and the key put in service (keyring.connectSession), on any replica.
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Keyring } from '../../keyring/keyring';
import type { KeyValueStore } from '../../platform/kv';
import type { Logger } from '../../platform/logger';
import { sendJson, type Route } from '../../platform/http';
import { IDENTITY_HEADER, verifySubgraphIdentity } from '../../platform/identity';
import type { OAuthConsent } from '../../providers/descriptor';
import { ProviderError } from '../../providers/errors';
import { lowerName, SERVED_PROVIDERS, type ServedProvider } from '../../providers/registry';

export const CONSENT_TTL_MS = 10 * 60 * 1000;
/** The identity the gateway signs for a forwarded callback: no user is behind it, only the state says whose it is. */
export const CALLBACK_IDENTITY = { sub: 'gateway:oauth-callback', tenant: 'gateway', roles: ['viewer'] as const };

/** One provider's side of the consent: its authorize URL and its code exchange. */
export interface OAuthConsentProvider<S> {
  /** Lower-case provider name: the state's namespace and the callback paths. */
  name: string;
  /** How people call it, for the reasons shown in the browser. */
  label: string;
  authorizeUrl(credentials: Record<string, string>, state: string): string;
  exchange(credentials: Record<string, string>, code: string): Promise<S>;
  /** What the browser is told once connected. */
  connected(credentials: Record<string, string>): string;
}

export interface ConsentDeps {
  keyring: Keyring;
  kv: KeyValueStore;
  now?: () => number;
}

/** Where the consent's provider lives and the provider's own settings (`config.providers`), for its redirect URI. */
export interface ConsentConfig {
  baseUrls: Readonly<Record<string, string>>;
  settings: Readonly<Record<string, string>>;
}

/** The providers whose consent this subgraph completes: their descriptors' `oauthCallback` parts name `keys`. */
export const CONSENTING_PROVIDERS = SERVED_PROVIDERS.flatMap((d) =>
  d.oauthCallback?.subgraph === 'keys' ? [{ name: d.name, consent: d.oauthCallback.consent }] : [],
);

/** A provider's side of the consent, from its descriptor's `consent` part, bound to the configured URLs. */
export function consentProvider(provider: ServedProvider, config: ConsentConfig): OAuthConsentProvider<unknown> {
  const found = CONSENTING_PROVIDERS.find((p) => p.name === provider);
  if (!found) throw new Error(`${provider} has no OAuth consent completed by the keys subgraph (its descriptor's oauthCallback)`);
  return bindConsent(lowerName(provider), found.consent, config);
}

function bindConsent<S>(name: string, consent: OAuthConsent<S>, config: ConsentConfig): OAuthConsentProvider<S> {
  const app = (credentials: Record<string, string>) => ({
    baseUrl: config.baseUrls[name], credentials, redirectUri: config.settings[consent.redirectUriSetting],
  });
  return {
    name,
    label: consent.label,
    authorizeUrl: (credentials, state) => consent.authorizeUrl(app(credentials), state),
    exchange: (credentials, code) => consent.exchange(app(credentials), code),
    connected: (credentials) => consent.connected(credentials),
  };
}

/** Each consenting provider's internal callback route (`POST /internal/oauth/<lower name>/callback`). */
export function consentCallbackRoutes(config: ConsentConfig, deps: ConsentDeps & { subgraphSecret: string; logger: Logger }): Record<string, Route> {
  return Object.fromEntries(
    CONSENTING_PROVIDERS.map(({ name }) => [internalCallbackPath(lowerName(name)), consentCallbackRoute(consentProvider(name, config), deps)]),
  );
}

export const internalCallbackPath = (provider: string) => `/internal/oauth/${provider}/callback`;
export const oauthStateKey = (provider: string, state: string) => `${provider}:consent:${createHash('sha256').update(state).digest('base64url')}`;

const pending = z.object({ tenantId: z.string(), keyId: z.string(), issuedAt: z.number() });

export async function beginConsent<S>(
  deps: ConsentDeps, provider: OAuthConsentProvider<S>, key: { tenantId: string; keyId: string; credentials: Record<string, string> },
): Promise<string> {
  const state = randomBytes(32).toString('base64url');
  const issuedAt = (deps.now ?? Date.now)();
  await deps.kv.set(oauthStateKey(provider.name, state), JSON.stringify({ tenantId: key.tenantId, keyId: key.keyId, issuedAt }), CONSENT_TTL_MS);
  return provider.authorizeUrl(key.credentials, state);
}

export type OAuthOutcome = { status: 200; message: string } | { status: 400 | 502; reason: string };

export async function completeConsent<S>(
  deps: ConsentDeps, provider: OAuthConsentProvider<S>, given: { state: string; code: string | null; error: string | null },
): Promise<OAuthOutcome> {
  const raw = given.state ? await deps.kv.take(oauthStateKey(provider.name, given.state)) : null;
  const parsed = raw ? pending.safeParse(JSON.parse(raw)) : null;
  if (!parsed?.success || (deps.now ?? Date.now)() - parsed.data.issuedAt > CONSENT_TTL_MS) {
    return { status: 400, reason: 'This connection link is unknown, was already used, or has expired. Start again from opsgraph.' };
  }
  const { tenantId, keyId } = parsed.data;
  if (given.error) return { status: 400, reason: `${provider.label} did not grant access (${given.error}). Start again from opsgraph.` };
  if (!given.code) return { status: 400, reason: `${provider.label} sent no authorization code. Start again from opsgraph.` };
  let credentials: Record<string, string>;
  try {
    credentials = (await deps.keyring.leaseOf(keyId, { tenantId, platform: false })).credentials;
  } catch {
    return { status: 400, reason: 'The key this connection was for no longer exists.' };
  }
  let session: S;
  try {
    session = await provider.exchange(credentials, given.code);
  } catch (error) {
    // ProviderError messages never carry the secret, the code or the tokens.
    const reason = error instanceof ProviderError ? error.message : 'the token exchange failed';
    return { status: 502, reason: `${provider.label} refused the connection: ${reason}` };
  }
  if (!(await deps.keyring.connectSession(keyId, tenantId, session))) {
    return { status: 400, reason: 'The key this connection was for is no longer waiting for consent.' };
  }
  return { status: 200, message: provider.connected(credentials) };
}

const callbackBody = z.object({ state: z.string().max(200), code: z.string().max(500).nullable(), error: z.string().max(200).nullable() });

/** The internal route the gateway forwards the provider's redirect to: only the gateway's signed callback identity. */
export function consentCallbackRoute<S>(provider: OAuthConsentProvider<S>, deps: ConsentDeps & { subgraphSecret: string; logger: Logger }): Route {
  return async (req, res, body) => {
    if (req.method !== 'POST') return sendJson(res, 405, { reason: 'POST only' });
    try {
      const header = req.headers[IDENTITY_HEADER];
      const identity = verifySubgraphIdentity(Array.isArray(header) ? header[0] : header, deps.subgraphSecret, { audience: 'keys', body });
      if (identity.sub !== CALLBACK_IDENTITY.sub) throw new Error('not the callback identity');
    } catch {
      return sendJson(res, 401, { reason: 'Not authenticated: only the gateway forwards OAuth callbacks' });
    }
    let given: z.infer<typeof callbackBody>;
    try {
      given = callbackBody.parse(JSON.parse(body.toString('utf8')));
    } catch {
      return sendJson(res, 200, { status: 400, reason: 'The callback carried no readable code and state.' });
    }
    const outcome = await completeConsent(deps, provider, given);
    if (outcome.status !== 200) deps.logger.warn({ provider: provider.name, status: outcome.status, reason: outcome.reason }, 'OAuth connection not completed');
    sendJson(res, 200, outcome);
  };
}
