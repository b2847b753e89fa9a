// Toss Payments core API v1, providers/toss/README.md: everything opsgraph needs to know about it, in one value.
import { z } from 'zod';
import { defineProvider, headerCredential } from '../descriptor';
import { tossModule } from '../../sandbox/toss';
import { TossClient, tossKind } from './client';

export const toss = defineProvider({
  name: 'TOSS',
  served: true,
  failClosedWithoutRedis: true,
  // The secret key is sent as `Authorization: Basic base64(secretKey:)`.
  credentials: z.object({ secretKey: headerCredential() }),
  secretField: 'secretKey',
  // Toss documents only its "consecutive requests" refusal: allow a dashboard page of lookups in one burst.
  limits: { rate: { perSecond: 30, burst: 60 }, dailyQuota: null },
  errorKind: ({ status, code }) => tossKind(status, code),
  // A lookup of an order id no one uses: 404 NOT_FOUND_PAYMENT proves the key, anything else is the answer.
  probe: ({ baseUrl, credentials }) => new TossClient({ baseUrl, secretKey: credentials.secretKey }).getPaymentByOrderId('opsgraph-key-test'),
  baseUrl: { env: 'TOSS_BASE_URL', live: 'https://api.tosspayments.com', sandboxPath: '/toss' },
  sandbox: { module: tossModule, seedRank: 1 },
});
