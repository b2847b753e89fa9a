// Naver Commerce API, providers/naver/README.md (Token, Token response): one cached client-credentials token per
// client. Naver hands back the same token while more than 30 minutes remain, so asking earlier is wasted.
import { ProviderError } from '../errors';
import { providerFetch } from '../http';
import { naverError } from './errors';
import { signNaverClientSecret } from './sign';

/** Below this much life left, Naver issues a new token; above it a request returns the same one. */
export const NAVER_TOKEN_RENEW_BELOW_MS = 30 * 60_000;

export interface NaverTokenConfig {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Set for a solution provider acting for a seller (`type=SELLER`); absent means `type=SELF`. */
  accountId?: string;
  timeoutMs?: number;
  now: () => number;
}

interface CachedToken {
  accessToken: string;
  expiresAt: number;
}

export class NaverTokenSource {
  private cached?: CachedToken;
  /** Concurrent callers share one token request instead of each signing their own. */
  private pending?: Promise<CachedToken>;

  constructor(private readonly config: NaverTokenConfig) {}

  async get(): Promise<string> {
    const cached = this.cached;
    if (cached && cached.expiresAt - this.config.now() > NAVER_TOKEN_RENEW_BELOW_MS) return cached.accessToken;
    this.pending ??= this.request().finally(() => (this.pending = undefined));
    this.cached = await this.pending;
    return this.cached.accessToken;
  }

  /** Forgets a token Naver refused (401 GW.AUTHN) and fetches again. */
  renew(refused: string): Promise<string> {
    if (this.cached?.accessToken === refused) this.cached = undefined;
    return this.get();
  }

  private async request(): Promise<CachedToken> {
    const { clientId, clientSecret, accountId, now } = this.config;
    const what = 'get a Naver Commerce API token';
    const timestamp = now();
    const sign = signNaverClientSecret(clientId, clientSecret, timestamp);
    const form = new URLSearchParams({
      client_id: clientId, timestamp: String(timestamp), grant_type: 'client_credentials', client_secret_sign: sign,
      type: accountId ? 'SELLER' : 'SELF',
    });
    if (accountId) form.set('account_id', accountId);
    const secrets = [clientSecret, sign];
    const response = await providerFetch({
      provider: 'naver', what, url: `${this.config.baseUrl}/v1/oauth2/token`, method: 'POST', body: form,
      timeoutMs: this.config.timeoutMs, secrets,
    });
    if (response.status !== 200) throw naverError(response, what, secrets);
    const body = response.json as { access_token?: unknown; expires_in?: unknown } | undefined;
    if (typeof body?.access_token !== 'string' || typeof body.expires_in !== 'number') {
      throw new ProviderError({ provider: 'naver', kind: 'server', status: 200, message: `${what} failed: the answer lacks access_token or expires_in`, secrets });
    }
    // expires_in counts from when Naver answered; our own send time is the safe side of that.
    return { accessToken: body.access_token, expiresAt: timestamp + body.expires_in * 1000 };
  }
}
