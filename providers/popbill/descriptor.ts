// Popbill 전자세금계산서 (LinkHub auth), providers/popbill/README.md: everything opsgraph needs to know about it.
import { z } from 'zod';
import { credential, defineProvider, headerCredential } from '../descriptor';
import { popbillModule } from '../../sandbox/popbill';
import { PopbillClient } from './client';
import { popbillKind } from './errors';

export const popbill = defineProvider({
  name: 'POPBILL',
  served: true,
  failClosedWithoutRedis: true,
  // LinkID and SecretKey sign the LinkHub token request (a header); corpNum is the seller's 사업자등록번호, corpName
  // and ceoName its 상호 and 대표자 as printed on the invoices it issues.
  credentials: z.object({
    linkId: headerCredential(), secretKey: headerCredential(), corpNum: credential(),
    corpName: credential().optional(), ceoName: credential().optional(),
  }),
  secretField: 'secretKey',
  limits: { rate: { perSecond: 10, burst: 10 }, dailyQuota: null },
  errorKind: ({ status, code }) => popbillKind(status, code),
  // GetInfo of a management key no one uses: -11000005 (null) proves the token, a LinkHub refusal the key.
  probe: ({ baseUrl, credentials }) => new PopbillClient({ baseUrl, linkId: credentials.linkId, secretKey: credentials.secretKey, corpNum: credentials.corpNum }).getInfo('opsgraph-key-test'),
  baseUrl: { env: 'POPBILL_BASE_URL', live: 'https://popbill.linkhub.co.kr', sandboxPath: '/popbill' },
  sandbox: { module: popbillModule, seedRank: 10 },
});
