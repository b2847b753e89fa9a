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

/** A claim on one order item (keyed by its order_item_code): what the item prints while it has one. */
export interface Cafe24Claim {
  kind: 'C' | 'R' | 'E';
  /** The item's C, R or E order_status. */
  status: string;
  claimCode: string;
  reasonType: string;
  reason: string;
  quantity: number;
  requestedAt: number;
  doneAt: number | null;
  /** order_status_before_cs: the item's N status when the claim began. */
  before: string;
}

export interface Cafe24Store {
  apps: Cafe24App[];
  grants: Map<string, Cafe24Grant>;
  accessTokens: Map<string, Cafe24Token>;
  refreshTokens: Map<string, Cafe24Token>;
  buckets: Map<string, { level: number; at: number }>;
  claims: Map<string, Cafe24Claim>;
  claimSeq: number;
}

export function cafe24Store(state: SandboxState): Cafe24Store {
  return moduleState(state, 'cafe24', () => ({ apps: [], grants: new Map(), accessTokens: new Map(), refreshTokens: new Map(), buckets: new Map(), claims: new Map(), claimSeq: 0 }));
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
