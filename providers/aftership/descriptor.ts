// AfterShip Tracking API, providers/aftership/README.md: everything opsgraph needs to know about it, in one value.
import { z } from 'zod';
import { defineProvider, headerCredential } from '../descriptor';
import { aftershipModule } from '../../sandbox/aftership';
import { AfterShipClient } from './client';
import { afterShipKind } from './errors';

export const aftership = defineProvider({
  name: 'AFTERSHIP',
  served: true,
  credentials: z.object({
    // Sent as the `as-api-key` header.
    apiKey: headerCredential(),
    // Signs AfterShip's webhooks to us (aftership-hmac-sha256); optional until webhooks are set up.
    webhookSecret: headerCredential().optional(),
  }),
  secretField: 'apiKey',
  // The strictest of AfterShip's per-endpoint limits (GET /trackings/:id, 5 rps), counted per second.
  limits: { rate: { perSecond: 5, burst: 1 }, dailyQuota: null },
  errorKind: ({ status, code, message }) =>
    afterShipKind(status, code === undefined ? undefined : { code: Number(code), type: message ?? '' }),
  probe: ({ baseUrl, credentials }) => new AfterShipClient({ baseUrl, apiKey: credentials.apiKey }).listTrackings({ limit: 1 }),
  // Signed with the key's webhookSecret (README "Webhooks"); logistics checks and applies them.
  webhook: { subgraph: 'logistics', headers: ['aftership-hmac-sha256'] },
  baseUrl: { env: 'AFTERSHIP_BASE_URL', live: 'https://api.aftership.com', sandboxPath: '/aftership' },
  sandbox: { module: aftershipModule, seedRank: 4 },
});
