// Coupang WING Open API, providers/coupang/README.md: everything opsgraph needs to know about it, in one value.
import { z } from 'zod';
import { defineProvider, credential, headerCredential } from '../descriptor';
import { coupangModule } from '../../sandbox/coupang';
import { CoupangClient } from './client';
import { coupangErrorKind } from './errors';

/** Today in Korea, the day Coupang's date filters mean. */
const today = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);

export const coupang = defineProvider({
  name: 'COUPANG',
  served: true,
  marketplace: true,
  credentials: z.object({
    // The vendor id is part of every path.
    vendorId: credential(),
    // The access key is sent in the CEA Authorization header; the secret key signs it.
    accessKey: headerCredential(),
    secretKey: headerCredential(),
  }),
  secretField: 'secretKey',
  // About 10 calls/s per vendor, counted in any one second; going over blocks the vendor for minutes. Limits
  // counted per second window allow no burst on top of the rate (a burst b plus rate r admits b + r in a second).
  limits: { rate: { perSecond: 10, burst: 1 }, dailyQuota: null },
  errorKind: ({ status, message }) => coupangErrorKind(status, message),
  probe: ({ baseUrl, credentials }) =>
    new CoupangClient({ baseUrl, vendorId: credentials.vendorId, accessKey: credentials.accessKey, secretKey: credentials.secretKey })
      .listOrderSheets({ createdAtFrom: today(), createdAtTo: today(), status: 'ACCEPT', maxPerPage: 1 }),
  baseUrl: { env: 'COUPANG_BASE_URL', live: 'https://api-gateway.coupang.com', sandboxPath: '/coupang' },
  sandbox: { module: coupangModule, seedRank: 6 },
});
