// The sandbox mall's private state (providers/cafe24/README.md "Auth code", "Token", "Rate limit"): the apps it
// accepts, the grants and tokens it issued, and each mall's leaky bucket.
import { moduleState } from '../module-state';
import type { SandboxState } from '../state';

export interface Cafe24App {
  mallId: string;
  clientId: string;
  clientSecret: string;
  /** The Redirect URIs registered for the app in the developer center; authorize refuses any other. */
  redirectUris: string[];
}

/**
 * Registered when an app is registered without its own: opsgraph's default CAFE24_REDIRECT_URI, and the public
 * name the tests give the gateway (a browser resolves it to the test gateway).
 */
export const DEFAULT_REDIRECT_URIS = ['http://localhost:4000/oauth/cafe24/callback', 'https://opsgraph.test/oauth/cafe24/callback'];

export interface Cafe24Grant {
  code: string;
  mallId: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  expiresAt: number;
}

export interface Cafe24Token {
  accessToken: string;
  refreshToken: string;
  mallId: string;
  clientId: string;
  scopes: string[];
  issuedAt: number;
  expiresAt: number;
  refreshExpiresAt: number;
}

export interface Cafe24Store {
  apps: Cafe24App[];
  grants: Map<string, Cafe24Grant>;
  accessTokens: Map<string, Cafe24Token>;
  refreshTokens: Map<string, Cafe24Token>;
  buckets: Map<string, { level: number; at: number }>;
}

export function cafe24Store(state: SandboxState): Cafe24Store {
  return moduleState(state, 'cafe24', () => ({ apps: [], grants: new Map(), accessTokens: new Map(), refreshTokens: new Map(), buckets: new Map() }));
}

/** Re-registering an app on a mall replaces its secret, as regenerating it in the developer console does. */
export function registerCafe24App(
  state: SandboxState,
  { mallId, clientId, clientSecret, redirectUri }: { mallId: string; clientId: string; clientSecret: string; redirectUri?: string },
): void {
  const store = cafe24Store(state);
  store.apps = store.apps.filter((a) => !(a.mallId === mallId && a.clientId === clientId));
  store.apps.push({ mallId, clientId, clientSecret, redirectUris: redirectUri ? [redirectUri] : DEFAULT_REDIRECT_URIS });
}
