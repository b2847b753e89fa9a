// Connecting a Cafe24 mall (providers/cafe24/README.md "Auth code", "Token"): the key is stored waiting for consent,
// the mall administrator consents in a browser, and Cafe24 sends the browser to the gateway's callback, which hands
// the code and state to this subgraph (the one that holds the keys) over the internal network, signed as the
// gateway signs every subgraph request. The state is random, single-use, bound to tenant and key, and lives 10
// minutes in the shared key-value store (Redis), so any replica can complete what another began.
import type { Keyring } from '../../keyring/keyring';
import type { KeyValueStore } from '../../platform/kv';
import type { Logger } from '../../platform/logger';
import type { Route } from '../../platform/http';
import { cafe24AuthorizeUrl, exchangeCafe24Code } from '../../providers/cafe24';
import type { Cafe24Tokens } from '../../providers/cafe24/types';
import {
  beginConsent, completeConsent, consentCallbackRoute, internalCallbackPath, oauthStateKey, type OAuthConsentProvider, type OAuthOutcome,
} from './oauth-consent';

export { CONSENT_TTL_MS, CALLBACK_IDENTITY } from './oauth-consent';
/** The keys subgraph's internal route the gateway forwards Cafe24's redirect to. */
export const CAFE24_CALLBACK_PATH = internalCallbackPath('cafe24');

export interface Cafe24ConsentDeps {
  keyring: Keyring;
  kv: KeyValueStore;
  /** CAFE24_BASE_URL: `https://{mall_id}.cafe24api.com`, or the sandbox. */
  baseUrl: string;
  redirectUri: string;
  now?: () => number;
}

/** Only a hash of the state is stored: reading the store does not give a state one could complete. */
export const consentStateKey = (state: string) => oauthStateKey('cafe24', state);

const mallBaseUrl = (baseUrl: string, mallId: string) => baseUrl.replace('{mall_id}', encodeURIComponent(mallId)).replace(/\/+$/, '');

/** Cafe24's side of the provider-neutral consent (oauth-consent.ts): its authorize URL and its code exchange. */
export function cafe24Consent(deps: Pick<Cafe24ConsentDeps, 'baseUrl' | 'redirectUri'>): OAuthConsentProvider<Cafe24Tokens> {
  const oauth = (c: Record<string, string>) => ({ mallBaseUrl: mallBaseUrl(deps.baseUrl, c.mallId), clientId: c.clientId, clientSecret: c.clientSecret, redirectUri: deps.redirectUri });
  return {
    name: 'cafe24',
    label: 'Cafe24',
    authorizeUrl: (credentials, state) => cafe24AuthorizeUrl(oauth(credentials), state),
    exchange: (credentials, code) => exchangeCafe24Code(oauth(credentials), code),
    connected: (credentials) => `The Cafe24 mall ${credentials.mallId} is connected to opsgraph. You can close this window.`,
  };
}

/** A new state for the key, and the authorize URL the mall administrator opens. */
export function beginCafe24Consent(
  deps: Cafe24ConsentDeps,
  key: { tenantId: string; keyId: string; credentials: Record<string, string> },
): Promise<string> {
  return beginConsent(deps, cafe24Consent(deps), key);
}

/** Takes the state (once), exchanges the code, seals the token pair and puts the key in service. */
export function completeCafe24Consent(
  deps: Cafe24ConsentDeps,
  given: { state: string; code: string | null; error: string | null },
): Promise<OAuthOutcome> {
  return completeConsent(deps, cafe24Consent(deps), given);
}

/**
 * The internal route: only the gateway's signed callback identity, bound to this very body, gets an answer; the
 * outcome (its `status` the one the browser gets) is the gateway's to render.
 */
export function cafe24CallbackRoute(deps: Cafe24ConsentDeps & { subgraphSecret: string; logger: Logger }): Route {
  return consentCallbackRoute(cafe24Consent(deps), deps);
}
