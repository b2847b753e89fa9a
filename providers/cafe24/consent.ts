// Cafe24's side of the OAuth consent (providers/cafe24/README.md "Auth code", "Token"): its authorize URL and its
// code exchange, which the keys subgraph's provider-neutral consent (subgraphs/keys/oauth-consent.ts) calls.
import type { OAuthApp, OAuthConsent } from '../descriptor';
import { cafe24AuthorizeUrl, exchangeCafe24Code } from './oauth';
import type { Cafe24Tokens } from './types';

// The mall id is the first label of the API's host: CAFE24_BASE_URL holds `{mall_id}`.
const oauth = ({ baseUrl, credentials: c, redirectUri }: OAuthApp) => ({
  mallBaseUrl: baseUrl.replace('{mall_id}', encodeURIComponent(c.mallId)).replace(/\/+$/, ''),
  clientId: c.clientId, clientSecret: c.clientSecret, redirectUri,
});

export const cafe24Consent: OAuthConsent<Cafe24Tokens> = {
  label: 'Cafe24',
  redirectUriSetting: 'cafe24RedirectUri',
  authorizeUrl: (app, state) => cafe24AuthorizeUrl(oauth(app), state),
  exchange: (app, code) => exchangeCafe24Code(oauth(app), code),
  connected: (credentials) => `The Cafe24 mall ${credentials.mallId} is connected to opsgraph. You can close this window.`,
};
