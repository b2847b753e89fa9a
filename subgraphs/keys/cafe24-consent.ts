// Connecting a Cafe24 mall (providers/cafe24/README.md "Auth code", "Token"): the key is stored waiting for consent,
// the mall administrator consents in a browser, and Cafe24 sends the browser to the gateway's callback, which hands
// the code and state to this subgraph (the one that holds the keys) over the internal network, signed as the
// gateway signs every subgraph request. The state is random, single-use, bound to tenant and key, and lives 10
// minutes in the shared key-value store (Redis), so any replica can complete what another began.
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Keyring } from '../../keyring/keyring';
import type { KeyValueStore } from '../../platform/kv';
import type { Logger } from '../../platform/logger';
import { sendJson, type Route } from '../../platform/http';
import { IDENTITY_HEADER, verifySubgraphIdentity } from '../../platform/identity';
import { cafe24AuthorizeUrl, exchangeCafe24Code } from '../../providers/cafe24';
import { ProviderError } from '../../providers/errors';

export const CONSENT_TTL_MS = 10 * 60 * 1000;
/** The keys subgraph's internal route the gateway forwards Cafe24's redirect to. */
export const CAFE24_CALLBACK_PATH = '/internal/oauth/cafe24/callback';
/** The identity the gateway signs for a forwarded callback: no user is behind it, only the state says whose it is. */
export const CALLBACK_IDENTITY = { sub: 'gateway:oauth-callback', tenant: 'gateway', roles: ['viewer'] as const };

export interface Cafe24ConsentDeps {
  keyring: Keyring;
  kv: KeyValueStore;
  /** CAFE24_BASE_URL: `https://{mall_id}.cafe24api.com`, or the sandbox. */
  baseUrl: string;
  redirectUri: string;
  now?: () => number;
}

const pending = z.object({ tenantId: z.string(), keyId: z.string(), issuedAt: z.number() });

/** Only a hash of the state is stored: reading the store does not give a state one could complete. */
export const consentStateKey = (state: string) => `cafe24:consent:${createHash('sha256').update(state).digest('base64url')}`;

const mallBaseUrl = (baseUrl: string, mallId: string) => baseUrl.replace('{mall_id}', encodeURIComponent(mallId)).replace(/\/+$/, '');

/** A new state for the key, and the authorize URL the mall administrator opens. */
export async function beginCafe24Consent(
  deps: Cafe24ConsentDeps,
  key: { tenantId: string; keyId: string; credentials: Record<string, string> },
): Promise<string> {
  const state = randomBytes(32).toString('base64url');
  const issuedAt = (deps.now ?? Date.now)();
  await deps.kv.set(consentStateKey(state), JSON.stringify({ tenantId: key.tenantId, keyId: key.keyId, issuedAt }), CONSENT_TTL_MS);
  const { mallId, clientId, clientSecret } = key.credentials;
  return cafe24AuthorizeUrl({ mallBaseUrl: mallBaseUrl(deps.baseUrl, mallId), clientId, clientSecret, redirectUri: deps.redirectUri }, state);
}

export type ConsentOutcome = { status: 200; mallId: string } | { status: 400 | 502; reason: string };

/** Takes the state (once), exchanges the code, seals the token pair and puts the key in service. */
export async function completeCafe24Consent(
  deps: Cafe24ConsentDeps,
  given: { state: string; code: string | null; error: string | null },
): Promise<ConsentOutcome> {
  const raw = given.state ? await deps.kv.take(consentStateKey(given.state)) : null;
  const parsed = raw ? pending.safeParse(JSON.parse(raw)) : null;
  if (!parsed?.success || (deps.now ?? Date.now)() - parsed.data.issuedAt > CONSENT_TTL_MS) {
    return { status: 400, reason: 'This connection link is unknown, was already used, or has expired. Start again from opsgraph.' };
  }
  const { tenantId, keyId } = parsed.data;
  if (given.error) return { status: 400, reason: `Cafe24 did not grant access (${given.error}). Start again from opsgraph.` };
  if (!given.code) return { status: 400, reason: 'Cafe24 sent no authorization code. Start again from opsgraph.' };
  let credentials: Record<string, string>;
  try {
    credentials = (await deps.keyring.leaseOf(keyId, { tenantId, platform: false })).credentials;
  } catch {
    return { status: 400, reason: 'The key this connection was for no longer exists.' };
  }
  const oauth = { mallBaseUrl: mallBaseUrl(deps.baseUrl, credentials.mallId), clientId: credentials.clientId, clientSecret: credentials.clientSecret, redirectUri: deps.redirectUri };
  let tokens;
  try {
    tokens = await exchangeCafe24Code(oauth, given.code);
  } catch (error) {
    // ProviderError messages never carry the secret, the code or the tokens.
    const reason = error instanceof ProviderError ? error.message : 'the token exchange failed';
    return { status: 502, reason: `Cafe24 refused the connection: ${reason}` };
  }
  if (!(await deps.keyring.connectSession(keyId, tenantId, tokens))) {
    return { status: 400, reason: 'The key this connection was for is no longer waiting for consent.' };
  }
  return { status: 200, mallId: credentials.mallId };
}

const callbackBody = z.object({ state: z.string().max(200), code: z.string().max(500).nullable(), error: z.string().max(200).nullable() });

/**
 * The internal route: only the gateway's signed callback identity, bound to this very body, gets an answer; the
 * outcome (its `status` the one the browser gets) is the gateway's to render.
 */
export function cafe24CallbackRoute(deps: Cafe24ConsentDeps & { subgraphSecret: string; logger: Logger }): Route {
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
    const outcome = await completeCafe24Consent(deps, given);
    if (outcome.status !== 200) deps.logger.warn({ status: outcome.status, reason: outcome.reason }, 'Cafe24 connection not completed');
    sendJson(res, 200, outcome);
  };
}
