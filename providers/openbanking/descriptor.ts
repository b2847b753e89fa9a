// KFTC Open Banking (금융결제원 오픈뱅킹), providers/openbanking/README.md: everything opsgraph needs to know about it.
import { z } from 'zod';
import { credential, defineProvider } from '../descriptor';
import { openbankingModule } from '../../sandbox/openbanking';
import { MemoryOpenBankingTokenStore, OpenBankingClient, sessionTokenStore } from './client';
import { openbankingErrorKind } from './errors';
import { openbankingConsent } from './consent';

export const openbanking = defineProvider({
  name: 'OPENBANKING',
  served: true,
  // Money data: without Redis's shared counters its calls fail closed.
  failClosedWithoutRedis: true,
  // The account holder's consent comes back to the gateway's /oauth/openbanking/callback, for the keys subgraph.
  oauthCallback: { subgraph: 'keys', consent: openbankingConsent },
  credentials: z.object({ clientId: credential(), clientSecret: credential() }),
  secretField: 'clientSecret',
  limits: { rate: { perSecond: 5, burst: 5 }, dailyQuota: null },
  errorKind: ({ status, code }) => openbankingErrorKind(status, code),
  // The account list with the key's tokens (a key never connected has none: the probe says consent is needed).
  probe: ({ baseUrl, credentials, settings, session }) =>
    new OpenBankingClient({
      baseUrl, clientId: credentials.clientId, clientSecret: credentials.clientSecret, redirectUri: settings.openbankingRedirectUri,
      tokens: session ? sessionTokenStore(session) : new MemoryOpenBankingTokenStore(),
      nextBankTranId: () => Promise.reject(new Error('the probe makes no call that needs a bank_tran_id')),
    }).accounts(),
  baseUrl: { env: 'OPENBANKING_BASE_URL', live: 'https://openapi.openbanking.or.kr', sandboxPath: '/openbanking' },
  sandbox: { module: openbankingModule, seedRank: 11 },
  settings: {
    /** The Callback URL registered for the app at KFTC's developer site; the authorization code is sent there. */
    openbankingRedirectUri: {
      env: 'OPENBANKING_REDIRECT_URI',
      default: 'http://localhost:4000/oauth/openbanking/callback',
      check: { test: (value: string) => URL.canParse(value), rule: 'must be an absolute URL' },
    },
    /** 이용기관코드: the 10 characters KFTC gave the institution, the first part of every bank_tran_id. */
    openbankingOrgCode: {
      env: 'OPENBANKING_ORG_CODE',
      default: 'M202600001',
      check: { test: (value: string) => /^[A-Z0-9]{10}$/.test(value), rule: 'must be the 10-character institution code (이용기관코드)' },
    },
  },
});
