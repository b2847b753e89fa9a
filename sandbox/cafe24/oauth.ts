// Cafe24 OAuth 2.0 authorization-code flow (providers/cafe24/README.md "Auth code" and "Token").
// Codes live 60 s, access tokens 2 h, refresh tokens 14 d; refreshing rotates the refresh token.
import { randomBytes } from 'node:crypto';
import { decodeBasic, json, type Reply, type SandboxRequest } from '../http';
import type { SandboxState } from '../state';
import { kstLocalMillis } from '../time';
import { cafe24Store, type Cafe24App, type Cafe24Token } from './store';
import { oauthError } from './errors';

const CODE_TTL_MS = 60_000;
const ACCESS_TTL_MS = 2 * 3600_000;
const REFRESH_TTL_MS = 14 * 86_400_000;
const DEFAULT_SCOPES = ['mall.read_order'];

function secret(length: number): string {
  return randomBytes(length).toString('base64url').replace(/[-_]/g, 'A').slice(0, length);
}

function findApp(state: SandboxState, mallId: string, clientId: string | null): Cafe24App | undefined {
  return cafe24Store(state).apps.find((a) => a.mallId === mallId && a.clientId === clientId);
}

/** The authorize request's parameters, checked as Cafe24 checks them before showing the login page. */
function authorizeRequest(state: SandboxState, req: SandboxRequest): { app: Cafe24App; redirectUri: string } | Reply {
  const { mall_id: mallId } = req.params;
  const q = req.query;
  if (q.get('response_type') !== 'code') return oauthError(400, 'unsupported_response_type', 'response_type must be code');
  const app = findApp(state, mallId, q.get('client_id'));
  if (!app) return oauthError(400, 'invalid_request', `client_id ${q.get('client_id') ?? ''} is not an app of mall ${mallId}`);
  const redirectUri = q.get('redirect_uri');
  // Cafe24 compares redirect_uri with the app's registered Redirect URI(s) and refuses any other.
  if (!redirectUri || !app.redirectUris.includes(redirectUri)) {
    return oauthError(400, 'invalid_request', 'redirect_uri does not match the Redirect URI registered for the app');
  }
  return { app, redirectUri };
}

/** GET: the mall admin's login-and-consent page; nothing is granted until the form is posted. */
export function authorize(state: SandboxState, req: SandboxRequest): Reply {
  const checked = authorizeRequest(state, req);
  if (!('app' in checked)) return checked;
  const scopes = scopesOf(req.query.get('scope'));
  const action = `?${req.query.toString()}`;
  const html = `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>cafe24 쇼핑몰 관리자 로그인</title></head>
<body>
<h1>${escapeHtml(checked.app.mallId)} 쇼핑몰 관리자 로그인</h1>
<p>앱이 다음 권한을 요청합니다: ${scopes.map(escapeHtml).join(', ')}</p>
<form method="post" action="${escapeHtml(action)}">
<label>관리자 아이디 <input name="admin_id" autocomplete="username"></label>
<label>비밀번호 <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit" name="consent" value="agree">동의하고 로그인</button>
</form>
</body></html>`;
  return { status: 200, text: html, contentType: 'text/html; charset=utf-8' };
}

/** POST of the login form: the mall id as the admin id and any non-empty password consent; then 302 with a code. */
export function consent(state: SandboxState, req: SandboxRequest): Reply {
  const checked = authorizeRequest(state, req);
  if (!('app' in checked)) return checked;
  const form = new URLSearchParams(req.body);
  if (form.get('admin_id') !== checked.app.mallId || !form.get('password')) {
    return { status: 401, text: '<!doctype html><p>아이디 또는 비밀번호가 일치하지 않습니다.</p>', contentType: 'text/html; charset=utf-8' };
  }
  const code = secret(22);
  cafe24Store(state).grants.set(code, {
    code, mallId: checked.app.mallId, clientId: checked.app.clientId, redirectUri: checked.redirectUri,
    scopes: scopesOf(req.query.get('scope')),
    expiresAt: state.clock.now() + CODE_TTL_MS,
  });
  const location = new URL(checked.redirectUri);
  location.searchParams.set('code', code);
  const stateParam = req.query.get('state');
  if (stateParam !== null) location.searchParams.set('state', stateParam);
  return { status: 302, headers: { location: location.toString() }, text: '' };
}

function scopesOf(scope: string | null): string[] {
  const scopes = (scope ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return scopes.length ? scopes : DEFAULT_SCOPES;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The client_id of a token call, from its Basic header (counted as the call's credential). */
export function basicClientId(req: SandboxRequest): string | undefined {
  const decoded = decodeBasic(req.headers.authorization);
  return decoded?.includes(':') ? decoded.slice(0, decoded.indexOf(':')) : undefined;
}

export function token(state: SandboxState, req: SandboxRequest): Reply {
  const { mall_id: mallId } = req.params;
  const decoded = decodeBasic(req.headers.authorization);
  const colon = decoded?.indexOf(':') ?? -1;
  const app = colon > 0 ? findApp(state, mallId, decoded!.slice(0, colon)) : undefined;
  if (!app || app.clientSecret !== decoded!.slice(colon + 1)) {
    return oauthError(401, 'invalid_client', 'Client authentication failed: check client_id and client_secret');
  }
  const form = new URLSearchParams(req.body);
  const now = state.clock.now();
  switch (form.get('grant_type')) {
    case 'authorization_code': {
      const grant = cafe24Store(state).grants.get(form.get('code') ?? '');
      if (!grant || grant.clientId !== app.clientId || grant.mallId !== mallId || grant.expiresAt <= now) {
        return oauthError(400, 'invalid_grant', 'Invalid, used or expired authorization code');
      }
      if (grant.redirectUri !== form.get('redirect_uri')) {
        return oauthError(400, 'invalid_grant', 'redirect_uri does not match the one of the authorization request');
      }
      cafe24Store(state).grants.delete(grant.code); // single use
      return json(200, present(issue(state, app, grant.scopes, now)));
    }
    case 'refresh_token': {
      const old = cafe24Store(state).refreshTokens.get(form.get('refresh_token') ?? '');
      if (!old || old.clientId !== app.clientId || old.mallId !== mallId || old.refreshExpiresAt <= now) {
        return oauthError(400, 'invalid_grant', 'Invalid, used or expired refresh_token');
      }
      // Rotation: the used refresh token dies now; its access token keeps working until it expires.
      cafe24Store(state).refreshTokens.delete(old.refreshToken);
      return json(200, present(issue(state, app, old.scopes, now)));
    }
    default:
      return oauthError(400, 'unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
  }
}

function issue(state: SandboxState, app: Cafe24App, scopes: string[], now: number): Cafe24Token {
  const token: Cafe24Token = {
    accessToken: secret(22), refreshToken: secret(22), mallId: app.mallId, clientId: app.clientId, scopes,
    issuedAt: now, expiresAt: now + ACCESS_TTL_MS, refreshExpiresAt: now + REFRESH_TTL_MS,
  };
  cafe24Store(state).accessTokens.set(token.accessToken, token);
  cafe24Store(state).refreshTokens.set(token.refreshToken, token);
  return token;
}

function present(t: Cafe24Token) {
  return {
    access_token: t.accessToken,
    expires_at: kstLocalMillis(t.expiresAt),
    refresh_token: t.refreshToken,
    refresh_token_expires_at: kstLocalMillis(t.refreshExpiresAt),
    client_id: t.clientId,
    mall_id: t.mallId,
    user_id: t.mallId,
    scopes: t.scopes,
    issued_at: kstLocalMillis(t.issuedAt),
    shop_no: '1',
    token_type: 'Bearer',
  };
}
