// Providers docs/contract.md names that opsgraph does not call yet (docs/contract.md "Enums"): their keys can be stored
// and their limits are known, so the GraphQL enum and the key vault hold them; a probe, a client and a sandbox
// module come when one is served (docs/adding-a-provider.md), and the descriptor moves to its own folder.
import { z } from 'zod';
import { credential, defineProvider, headerCredential } from './descriptor';

export const popbill = defineProvider({
  name: 'POPBILL',
  served: false,
  failClosedWithoutRedis: true,
  credentials: z.object({ linkId: headerCredential(), secretKey: headerCredential(), corpNum: credential() }),
  secretField: 'secretKey',
  limits: { rate: { perSecond: 10, burst: 10 }, dailyQuota: null },
});

