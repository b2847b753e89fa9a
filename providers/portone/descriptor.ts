// PortOne REST API V2, providers/portone/README.md: everything opsgraph needs to know about it, in one value.
import { z } from 'zod';
import { defineProvider, headerCredential } from '../descriptor';
import { portoneModule } from '../../sandbox/portone';
import { PortOneClient } from './client';
import { portoneKind } from './errors';

export const portone = defineProvider({
  name: 'PORTONE',
  failClosedWithoutRedis: true,
  served: true,
  // The API secret goes in `Authorization: PortOne <secret>`; the webhook secret (whsec_…) only checks signatures.
  credentials: z.object({ apiSecret: headerCredential(), webhookSecret: headerCredential().optional() }),
  secretField: 'apiSecret',
  // PortOne publishes no numbers (README "Rate limit"). A page of 100 own-mall orders is one lookup each on a cold
  // cache: allow it in one burst, as the other PG's limits do, and pace the rest; each key may set its own.
  limits: { rate: { perSecond: 20, burst: 100 }, dailyQuota: null },
  errorKind: ({ status, code }) => portoneKind(status, code),
  // A lookup of a payment id no one uses: 404 PAYMENT_NOT_FOUND (null) proves the key, 401 UNAUTHORIZED refuses it.
  probe: ({ baseUrl, credentials }) => new PortOneClient({ baseUrl, apiSecret: credentials.apiSecret }).getPayment('opsgraph-key-test'),
  // Standard Webhooks signed with the key's webhookSecret (README "Webhooks"); finance checks and applies them.
  webhook: { subgraph: 'finance', headers: ['webhook-id', 'webhook-timestamp', 'webhook-signature'] },
  baseUrl: { env: 'PORTONE_BASE_URL', live: 'https://api.portone.io', sandboxPath: '/' },
  sandbox: { module: portoneModule, seedRank: 8 },
});
