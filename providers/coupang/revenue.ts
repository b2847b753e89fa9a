// Coupang WING Open API 매출내역 조회, `GET /v2/providers/openapi/apis/api/v1/revenue-history` (providers/coupang/README.md
// "Settlements"): sales by recognition date with their fees and settlement amount, paged by `token`, signed as every call.
import { z } from 'zod';
import { ProviderError } from '../errors';
import { providerFetch } from '../http';
import { checkReply } from '../reply';
import { coupangError } from './errors';
import { coupangQuery } from './query';
import { signCoupangRequest } from './sign';
import type { CoupangClientOptions } from './client';

export const COUPANG_REVENUE_PATH = '/v2/providers/openapi/apis/api/v1/revenue-history';
/** UNVERIFIED upstream: the longest recognition range per query (clients split by 31 days). */
export const COUPANG_REVENUE_RANGE_DAYS = 31;
const PER_PAGE = 50;
const MAX_PAGES = 200;

const num = z.number().nullable().optional();
const ITEM = z.object({ saleAmount: num, serviceFee: num, serviceFeeVat: num, settlementAmount: num }).passthrough();
const FEE = z.object({ amount: num, fee: num, feeVat: num, settlementAmount: num }).passthrough();
const SALE = z.object({
  orderId: z.number(), saleType: z.string().optional(), recognitionDate: z.string(), settlementDate: z.string(),
  items: z.array(ITEM).nullable().optional(), deliveryFee: FEE.nullable().optional(),
}).passthrough();
const PAGE = z.object({ data: z.array(SALE).nullable().optional(), hasNext: z.boolean().optional(), nextToken: z.unknown().optional() }).passthrough();

export type CoupangRevenue = z.infer<typeof SALE>;

export class CoupangRevenueClient {
  private readonly baseUrl: string;

  constructor(private readonly options: CoupangClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  /** Every sale recognised between two yyyy-MM-dd days (inclusive, one range of at most 31 days), following `nextToken`. */
  async revenueHistory(recognitionDateFrom: string, recognitionDateTo: string): Promise<CoupangRevenue[]> {
    const sales: CoupangRevenue[] = [];
    let token = '';
    for (let page = 0; page < MAX_PAGES; page++) {
      const what = `list Coupang revenue ${recognitionDateFrom}..${recognitionDateTo}`;
      // Coupang requires `token` on the first page too, empty.
      const query = coupangQuery([
        ['vendorId', this.options.vendorId], ['recognitionDateFrom', recognitionDateFrom], ['recognitionDateTo', recognitionDateTo],
        ['token', token], ['maxPerPage', PER_PAGE],
      ]);
      const body = checkReply('coupang', what, PAGE, await this.get(query, what), [this.options.secretKey]);
      sales.push(...(body.data ?? []));
      const next = typeof body.nextToken === 'string' ? body.nextToken : '';
      if (!body.hasNext || next === '' || next === token) return sales;
      token = next;
    }
    throw new ProviderError({ provider: 'coupang', kind: 'server', message: `Coupang listed more than ${MAX_PAGES} pages of revenue` });
  }

  private async get(query: string, what: string): Promise<unknown> {
    const { accessKey, secretKey } = this.options;
    const now = this.options.now?.() ?? new Date();
    const { authorization } = signCoupangRequest({ method: 'GET', path: COUPANG_REVENUE_PATH, query, accessKey, secretKey, now });
    const secrets = [secretKey, accessKey];
    const response = await providerFetch({
      provider: 'coupang', what, url: `${this.baseUrl}${COUPANG_REVENUE_PATH}?${query}`, method: 'GET',
      headers: { authorization, 'content-type': 'application/json;charset=UTF-8' }, timeoutMs: this.options.timeoutMs, secrets,
    });
    if (response.status === 200 && String((response.json as { code?: unknown } | undefined)?.code) === '200') return response.json;
    throw coupangError(response, what, secrets);
  }
}
