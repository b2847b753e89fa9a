// Cafe24 Admin API, providers/cafe24/README.md: everything opsgraph needs to know about it, in one value.
import { z } from 'zod';
import { defineProvider, headerCredential, hostLabel } from '../descriptor';
import { cafe24Module } from '../../sandbox/cafe24';
import { Cafe24Client } from './client';
import { cafe24ErrorKind } from './errors';
import { MemoryCafe24TokenStore, sessionTokenStore } from './token-store';
import { cafe24Consent } from './consent';

const today = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);

export const cafe24 = defineProvider({
  name: 'CAFE24',
  served: true,
  marketplace: true,
  credentials: z.object({
    // The mall id is the first label of the API's host name: `{mall_id}.cafe24api.com`.
    mallId: hostLabel(),
    // Both go into the token endpoint's `Authorization: Basic base64(client_id:client_secret)`.
    clientId: headerCredential(),
    clientSecret: headerCredential(),
  }),
  secretField: 'clientSecret',
  // A leaky bucket of 40 calls per mall draining 2 per second.
  limits: { rate: { perSecond: 2, burst: 40 }, dailyQuota: null },
  errorKind: ({ status, code }) => cafe24ErrorKind(status, code),
  // With the key's tokens (a key never connected has none: the probe then says consent is needed).
  probe: ({ baseUrl, credentials, settings, session }) =>
    new Cafe24Client({
      baseUrl, mallId: credentials.mallId, clientId: credentials.clientId, clientSecret: credentials.clientSecret,
      redirectUri: settings.cafe24RedirectUri, tokens: session ? sessionTokenStore(session) : new MemoryCafe24TokenStore(),
    }).countOrders({ startDate: today(), endDate: today() }),
  baseUrl: { env: 'CAFE24_BASE_URL', live: 'https://{mall_id}.cafe24api.com', sandboxPath: '/cafe24/{mall_id}' },
  sandbox: { module: cafe24Module, seedRank: 0 },
  // Cafe24 sends the mall administrator's browser to cafe24RedirectUri after consent (README "Auth code").
  oauthCallback: {
    subgraph: 'keys', consent: cafe24Consent, connected: ({ mallId }) => `The Cafe24 mall ${String(mallId)} is connected to opsgraph.`,
  },
  settings: {
    /** The redirect URI registered for the Cafe24 app; Cafe24 sends the authorization code there. */
    cafe24RedirectUri: {
      env: 'CAFE24_REDIRECT_URI',
      default: 'http://localhost:4000/oauth/cafe24/callback',
      check: { test: (value: string) => URL.canParse(value), rule: 'must be an absolute URL' },
    },
  },
});
