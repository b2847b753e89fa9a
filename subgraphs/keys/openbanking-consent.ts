// Connecting Open Banking (providers/openbanking/README.md "Authorize", "Token"): the account holder consents on
// KFTC's page, KFTC redirects to the gateway's /oauth/openbanking/callback, and the generic consent (oauth-consent.ts)
// exchanges the code for the access and refresh tokens and user_seq_no, sealed on the key's row.
import { exchangeOpenBankingCode, openbankingAuthorizeUrl, type OpenBankingTokens } from '../../providers/openbanking';
import type { OAuthConsentProvider } from './oauth-consent';

export const OPENBANKING_CALLBACK_PATH = '/internal/oauth/openbanking/callback';

export function openbankingConsent(config: { baseUrl: string; redirectUri: string }): OAuthConsentProvider<OpenBankingTokens> {
  const oauth = (c: Record<string, string>) => ({ baseUrl: config.baseUrl, clientId: c.clientId, clientSecret: c.clientSecret, redirectUri: config.redirectUri });
  return {
    name: 'openbanking',
    label: 'Open Banking',
    authorizeUrl: (credentials, state) => openbankingAuthorizeUrl(oauth(credentials), state),
    exchange: (credentials, code) => exchangeOpenBankingCode(oauth(credentials), code),
    connected: () => 'Your bank accounts are connected to opsgraph through Open Banking. You can close this window.',
  };
}
