// Naver Commerce API (SmartStore), providers/naver/README.md: everything opsgraph needs to know about it, in one value.
import { z } from 'zod';
import { defineProvider, credential } from '../descriptor';
import { naverModule } from '../../sandbox/naver';
import { NaverCommerceClient } from './client';
import { naverErrorKind } from './errors';

export const naver = defineProvider({
  name: 'NAVER',
  served: true,
  marketplace: true,
  // Both travel in the token request's form body (the secret as the bcrypt salt of the signature).
  credentials: z.object({ clientId: credential(), clientSecret: credential() }),
  secretField: 'clientSecret',
  // 30 calls/s per API and application, 10/s for order changes; burst capacity is twice the rate.
  limits: { rate: { perSecond: 30, burst: 60 }, operations: { changeOrders: { perSecond: 10, burst: 20 } }, dailyQuota: null },
  errorKind: ({ status, code }) => naverErrorKind(status, code),
  probe: ({ baseUrl, credentials }) =>
    new NaverCommerceClient({ baseUrl, clientId: credentials.clientId, clientSecret: credentials.clientSecret })
      .lastChangedStatuses({ from: new Date(Date.now() - 60_000), limitCount: 1 }),
  baseUrl: { env: 'NAVER_BASE_URL', live: 'https://api.commerce.naver.com/external', sandboxPath: '/naver' },
  sandbox: { module: naverModule, seedRank: 7 },
});
