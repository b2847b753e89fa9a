// PortOne REST API V2, providers/portone/README.md: everything opsgraph needs to know about it, in one value.
import { z } from 'zod';
import { defineProvider, headerCredential } from '../descriptor';
import { PortOneClient } from './client';
import { portoneKind } from './errors';

export const portone = defineProvider({
  name: 'PORTONE',
  served: true,
  // The API secret goes in `Authorization: PortOne <secret>`; the webhook secret (whsec_…) only checks signatures.
  credentials: z.object({ apiSecret: headerCredential(), webhookSecret: headerCredential().optional() }),
  secretField: 'apiSecret',
  // No published numbers: a conservative default below what the provider is known to accept.
  limits: { rate: { perSecond: 10, burst: 10 }, dailyQuota: null },
  errorKind: ({ status, code }) => portoneKind(status, code),
  // A lookup of a payment id no one uses: 404 PAYMENT_NOT_FOUND (null) proves the key, 401 UNAUTHORIZED refuses it.
  probe: ({ baseUrl, credentials }) => new PortOneClient({ baseUrl, apiSecret: credentials.apiSecret }).getPayment('opsgraph-key-test'),
  baseUrl: { env: 'PORTONE_BASE_URL', live: 'https://api.portone.io', sandboxPath: '/' },
});
