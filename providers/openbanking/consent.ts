// Open Banking's side of the OAuth consent (providers/openbanking/README.md "Authorize", "Token"): the account
// holder consents on KFTC's page; the code is exchanged for the tokens and user_seq_no, sealed on the key's row by the
// keys subgraph's provider-neutral consent (subgraphs/keys/oauth-consent.ts).
import type { OAuthApp, OAuthConsent } from '../descriptor';
import { exchangeOpenBankingCode, openbankingAuthorizeUrl } from './client';
import type { OpenBankingTokens } from './types';

const oauth = ({ baseUrl, credentials: c, redirectUri }: OAuthApp) => ({ baseUrl, clientId: c.clientId, clientSecret: c.clientSecret, redirectUri });

export const openbankingConsent: OAuthConsent<OpenBankingTokens> = {
  label: 'Open Banking',
  redirectUriSetting: 'openbankingRedirectUri',
  authorizeUrl: (app, state) => openbankingAuthorizeUrl(oauth(app), state),
  exchange: (app, code) => exchangeOpenBankingCode(oauth(app), code),
  connected: () => 'Your bank accounts are connected to opsgraph through Open Banking. You can close this window.',
};
