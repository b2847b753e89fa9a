// Cafe24 OAuth 2.0, following providers/cafe24/README.md (Cafe24 Admin API):
// authorization code → tokens, and refresh, which rotates the refresh token every time.
import { ProviderError } from '../errors';
import { providerFetch } from '../http';
import { cafe24Error } from './errors';
import type { Cafe24TokenResponse, Cafe24Tokens } from './types';

// mall.write_product: updateStock sets variant inventories (Cafe24's write scopes include reading).
export const CAFE24_SCOPES = ['mall.read_order', 'mall.write_order', 'mall.read_product', 'mall.write_product', 'mall.read_shipping'];
/** providerCode of the error that says a key needs the mall administrator's consent (again). */
export const CONSENT_REQUIRED = 'consent_required';

export interface Cafe24OAuthConfig {
  /** Base URL with the mall substituted, e.g. https://yourmall.cafe24api.com */
  mallBaseUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri?: string;
  timeoutMs?: number;
}

/** `Authorization: Basic base64(client_id:client_secret)` for the token endpoint. */
export function cafe24BasicAuth(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
}

/**
 * Cafe24 writes token instants as "2021-03-01T14:00:00.000" with no offset; they are Korean time.
 * An explicit offset or Z, if Cafe24 ever sends one, wins.
 */
export function parseCafe24Timestamp(value: string): Date {
  const hasOffset = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(value.trim());
  const date = new Date(hasOffset ? value.trim() : `${value.trim()}+09:00`);
  if (Number.isNaN(date.getTime())) throw new Error(`Cafe24 sent an unreadable timestamp: "${value}"`);
  return date;
}

export function tokensFromResponse(body: Cafe24TokenResponse): Cafe24Tokens {
  return {
    accessToken: body.access_token,
    accessTokenExpiresAt: parseCafe24Timestamp(body.expires_at).toISOString(),
    refreshToken: body.refresh_token,
    refreshTokenExpiresAt: parseCafe24Timestamp(body.refresh_token_expires_at).toISOString(),
  };
}

export function refreshCafe24Token(config: Cafe24OAuthConfig, refreshToken: string): Promise<Cafe24Tokens> {
  const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken });
  return requestToken(config, form, 'refresh the Cafe24 access token', [refreshToken]);
}

export function exchangeCafe24Code(config: Cafe24OAuthConfig, code: string): Promise<Cafe24Tokens> {
  const form = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: requireRedirectUri(config) });
  return requestToken(config, form, 'exchange the Cafe24 authorization code', [code]);
}

async function requestToken(
  config: Cafe24OAuthConfig,
  form: URLSearchParams,
  what: string,
  extraSecrets: string[],
): Promise<Cafe24Tokens> {
  const authorization = cafe24BasicAuth(config.clientId, config.clientSecret);
  const secrets = [config.clientSecret, authorization, ...extraSecrets];
  const response = await providerFetch({
    provider: 'cafe24',
    what,
    url: `${config.mallBaseUrl}/api/v2/oauth/token`,
    method: 'POST',
    headers: { authorization },
    body: form,
    timeoutMs: config.timeoutMs,
    secrets,
  });
  if (response.status !== 200) throw cafe24Error(response, what, secrets);
  const body = response.json as Partial<Cafe24TokenResponse> | undefined;
  if (!body?.access_token || !body.refresh_token || !body.expires_at || !body.refresh_token_expires_at) {
    throw new ProviderError({ provider: 'cafe24', kind: 'server', status: 200, message: `${what} failed: the token answer lacks a token or expiry` });
  }
  return tokensFromResponse(body as Cafe24TokenResponse);
}

/**
 * The authorize URL a mall administrator opens in a browser: Cafe24 shows its login and consent page there, and
 * after consent redirects the browser to `redirect_uri` with `code` and `state`. A server cannot obtain the code
 * itself, so this only builds the URL; the code arrives at opsgraph's callback.
 */
export function cafe24AuthorizeUrl(config: Cafe24OAuthConfig, state: string, scopes: string[] = CAFE24_SCOPES): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    state,
    redirect_uri: requireRedirectUri(config),
    scope: scopes.join(','),
  });
  return `${config.mallBaseUrl}/api/v2/oauth/authorize?${query.toString()}`;
}

/** A key without a usable grant: only the mall administrator's consent in a browser can give it one. */
export function consentRequired(reason: string): ProviderError {
  return new ProviderError({ provider: 'cafe24', kind: 'auth', providerCode: CONSENT_REQUIRED, message: `Cafe24 needs the mall administrator's consent again: ${reason}` });
}

function requireRedirectUri(config: Cafe24OAuthConfig): string {
  if (!config.redirectUri) {
    throw new ProviderError({
      provider: 'cafe24',
      kind: 'bad_request',
      message: 'Connecting a Cafe24 mall needs the redirectUri registered for the app, but none was configured',
    });
  }
  return config.redirectUri;
}
