// Providers docs/contract.md names that opsgraph does not call yet (docs/contract.md "Enums"): their keys can be stored
// and their limits are known, so the GraphQL enum and the key vault hold them; a probe, a client and a sandbox
// module come when one is served (docs/adding-a-provider.md), and the descriptor moves to its own folder.
import { z } from 'zod';
import { credential, defineProvider } from './descriptor';

export const openbanking = defineProvider({
  name: 'OPENBANKING',
  served: false,
  failClosedWithoutRedis: true,
  credentials: z.object({ clientId: credential(), clientSecret: credential() }),
  secretField: 'clientSecret',
  limits: { rate: { perSecond: 5, burst: 5 }, dailyQuota: null },
});
