// Naver Commerce API 정산, `GET /v1/pay-settle/settle/daily` (일별 정산 내역 조회, providers/naver/README.md "Settlements"):
// one row per settlement day, paged by pageNumber/pageSize (≤1000); unlike the order API the body is NOT wrapped in `data`
// (as the reference's schema prints it; UNVERIFIED against a live answer).
import { z } from 'zod';
import { ProviderError } from '../errors';
import { providerFetch } from '../http';
import { checkReply } from '../reply';
import { naverError, naverErrorCode } from './errors';
import { NaverTokenSource } from './token';
import type { NaverCommerceClientOptions } from './client';

const DAILY = '/v1/pay-settle/settle/daily';
/** Naver's largest page. */
export const NAVER_SETTLE_PAGE_SIZE = 1000;
/** A runaway pager (totalPages growing while we read) stops here instead of looping. */
const MAX_PAGES = 100;

const amount = z.number().nullable().optional();
const DAILY_ROW = z.object({
  settleBasisStartDate: z.string().nullable().optional(),
  settleBasisEndDate: z.string().nullable().optional(),
  settleExpectDate: z.string().nullable().optional(),
  settleCompleteDate: z.string().nullable().optional(),
  settleAmount: amount,
  paySettleAmount: amount,
  commissionSettleAmount: amount,
}).passthrough();
const DAILY_PAGE = z.object({
  elements: z.array(DAILY_ROW),
  pagination: z.object({ page: z.number().optional(), totalPages: z.number().optional() }).passthrough(),
}).passthrough();

export type NaverDailySettle = z.infer<typeof DAILY_ROW>;

export class NaverSettleClient {
  private readonly baseUrl: string;
  private readonly tokens: NaverTokenSource;

  constructor(private readonly options: NaverCommerceClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.tokens = new NaverTokenSource({
      baseUrl: this.baseUrl, clientId: options.clientId, clientSecret: options.clientSecret, accountId: options.accountId,
      timeoutMs: options.timeoutMs, now: options.now ?? Date.now,
    });
  }

  /** Every daily settlement row between two yyyy-MM-dd days (inclusive), page after page. */
  async daily(startDate: string, endDate: string, pageSize = NAVER_SETTLE_PAGE_SIZE): Promise<NaverDailySettle[]> {
    const rows: NaverDailySettle[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const what = `list Naver daily settlements ${startDate}..${endDate} (page ${page})`;
      const query = new URLSearchParams({ startDate, endDate, pageNumber: String(page), pageSize: String(pageSize) });
      const body = checkReply('naver', what, DAILY_PAGE, await this.get(`${DAILY}?${query.toString()}`, what), [this.options.clientSecret]);
      rows.push(...body.elements);
      if (body.elements.length === 0 || page >= (body.pagination.totalPages ?? 1)) return rows;
    }
    throw new ProviderError({ provider: 'naver', kind: 'server', message: `Naver listed more than ${MAX_PAGES} pages of daily settlements` });
  }

  /** A bearer GET; a 401 GW.AUTHN gets one new token and one retry, as the order client does. */
  private async get(path: string, what: string): Promise<unknown> {
    let token = await this.tokens.get();
    const send = (bearer: string) => providerFetch({
      provider: 'naver', what, url: `${this.baseUrl}${path}`, method: 'GET', headers: { authorization: `Bearer ${bearer}` },
      timeoutMs: this.options.timeoutMs, secrets: [bearer, this.options.clientSecret],
    });
    let response = await send(token);
    if (response.status === 401 && naverErrorCode(response) === 'GW.AUTHN') {
      token = await this.tokens.renew(token);
      response = await send(token);
    }
    if (response.status !== 200) throw naverError(response, what, [token, this.options.clientSecret]);
    return response.json;
  }
}
