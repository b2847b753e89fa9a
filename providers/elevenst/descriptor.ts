// 11st (11번가) seller Open API, providers/elevenst/README.md: everything opsgraph needs to know about it, in one value.
import { z } from 'zod';
import { defineProvider, headerCredential } from '../descriptor';
import { kindForStatus } from '../errors';
import { elevenstModule } from '../../sandbox/elevenst';
import { ElevenstClient } from './client';
import { elevenstResultKind, OVERED_TRAFFIC_CODE } from './errors';

export const elevenst = defineProvider({
  name: 'ELEVENST',
  served: true,
  marketplace: true,
  // Sent as the `openapikey` header.
  credentials: z.object({ apiKey: headerCredential() }),
  secretField: 'apiKey',
  limits: { rate: { perSecond: 5, burst: 1 }, dailyQuota: null },
  // Refusals arrive as HTTP 200 with a negative result_code, overload as the open API's `004`.
  errorKind: ({ status, code, message }) => {
    if (status !== 200) return kindForStatus(status);
    if (code === OVERED_TRAFFIC_CODE) return 'rate_limited';
    return code !== undefined && Number(code) < 0 ? elevenstResultKind(Number(code), message ?? '') : 'server';
  },
  probe: ({ baseUrl, credentials }) => new ElevenstClient({ baseUrl, apiKey: credentials.apiKey }).listOrders('complete', new Date(Date.now() - 60_000), new Date()),
  baseUrl: { env: 'ELEVENST_BASE_URL', live: 'https://api.11st.co.kr/rest', sandboxPath: '/elevenst' },
  sandbox: { module: elevenstModule, seedRank: 5 },
});
