// Naver Commerce API, providers/naver/README.md (Token, Signature, Token response, Auth on calls): client-credentials
// tokens signed with bcrypt. The sandbox cannot invert bcrypt either, so it recomputes the hash and compares.
import { randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { bearerToken, json, type Reply, type SandboxRequest } from '../http';
import type { SandboxState } from '../state';
import { naverState, type NaverToken } from './store';
import { badRequest, gwAuthn, naverError } from './wire';

const TOKEN_TTL_MS = 3 * 3_600_000;
/** A re-request hands back the same token while more than this is left of it. */
const REUSE_ABOVE_MS = 30 * 60_000;
const TIMESTAMP_WINDOW_MS = 5 * 60_000;
const BCRYPT_SALT = /^\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{22}/;

export function registerNaverApp(state: SandboxState, credentials: Record<string, string>): void {
  const { clientId, clientSecret } = credentials;
  // A Naver client secret is a bcrypt salt; anything else could never sign, so say so at registration.
  if (!BCRYPT_SALT.test(clientSecret)) {
    throw new Error(`credentials.clientSecret must be a bcrypt salt like "$2a$04$" + 22 characters of [./A-Za-z0-9], but got "${clientSecret}"`);
  }
  naverState(state).apps.set(clientId, clientSecret);
}

/** Standard and URL-safe base64 name the same bytes: the Java sample sends the latter. */
const canonicalBase64 = (text: string) => text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');

function signatureMatches(clientId: string, clientSecret: string, timestamp: string, presented: string): boolean {
  let hashed: string;
  try {
    hashed = bcrypt.hashSync(`${clientId}_${timestamp}`, clientSecret);
  } catch {
    return false;
  }
  return canonicalBase64(Buffer.from(hashed, 'utf8').toString('base64')) === canonicalBase64(presented);
}

/** Refusals of the token endpoint: codes and messages UNVERIFIED, statuses per providers/naver/README.md (400 / 403). */
const forbidden = (state: SandboxState, message: string) => naverError(state, 403, 'Forbidden', message);

export function issueToken(state: SandboxState, req: SandboxRequest): Reply {
  const form = new URLSearchParams(req.body);
  for (const field of ['client_id', 'timestamp', 'grant_type', 'client_secret_sign', 'type']) {
    if (!form.get(field)) return badRequest(state, field, `${field} 값이 필요합니다.`);
  }
  if (form.get('grant_type') !== 'client_credentials') return badRequest(state, 'grant_type', 'grant_type은 client_credentials이어야 합니다.');
  const type = form.get('type')!;
  if (type !== 'SELF' && type !== 'SELLER') return badRequest(state, 'type', 'type은 SELF 또는 SELLER이어야 합니다.');
  const accountId = form.get('account_id') ?? '';
  if (type === 'SELLER' && !accountId) return badRequest(state, 'account_id', 'type이 SELLER이면 account_id가 필요합니다.');
  const timestamp = form.get('timestamp')!;
  const now = state.clock.now();
  if (!/^\d{13}$/.test(timestamp) || Math.abs(now - Number(timestamp)) > TIMESTAMP_WINDOW_MS) {
    return forbidden(state, 'timestamp가 유효하지 않습니다. 현재 시각 기준 5분 이내의 밀리초 값이어야 합니다.');
  }
  const clientId = form.get('client_id')!;
  const secret = naverState(state).apps.get(clientId);
  if (!secret || !signatureMatches(clientId, secret, timestamp, form.get('client_secret_sign')!)) {
    return forbidden(state, 'client_secret_sign이 유효하지 않습니다.');
  }
  const token = tokenFor(state, clientId, `${clientId}:${type}:${accountId}`, now);
  return json(200, { access_token: token.accessToken, expires_in: Math.floor((token.expiresAt - now) / 1000), token_type: 'Bearer' });
}

/** The same token while more than 30 minutes remain; otherwise a new one (the old one lives on until expiry). */
function tokenFor(state: SandboxState, clientId: string, grantKey: string, now: number): NaverToken {
  const naver = naverState(state);
  const latest = naver.latestByGrant.get(grantKey);
  if (latest && latest.expiresAt - now > REUSE_ABOVE_MS) return latest;
  const token: NaverToken = { accessToken: randomBytes(16).toString('base64url'), clientId, grantKey, expiresAt: now + TOKEN_TTL_MS };
  naver.tokens.set(token.accessToken, token);
  naver.latestByGrant.set(grantKey, token);
  return token;
}

/** The token of an API call, or the gateway's 401 GW.AUTHN. */
export function authenticate(state: SandboxState, req: SandboxRequest): NaverToken | Reply {
  const presented = bearerToken(req.headers.authorization);
  const token = presented ? naverState(state).tokens.get(presented) : undefined;
  if (!token || token.expiresAt <= state.clock.now()) return gwAuthn(state);
  return token;
}
