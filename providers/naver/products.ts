// Naver Commerce API, 상품 목록 조회 (`POST /v1/products/search`, providers/naver/README.md "Products"): the store's
// origin products with their channel products, paged by `page` and `size`. The answer is the page itself, not the
// `{data}` envelope of the order APIs. Same bearer token and error shapes as the order client (client.ts).
import { z } from 'zod';
import { providerFetch, type ProviderResponse } from '../http';
import { checkReply } from '../reply';
import type { NaverCommerceClientOptions } from './client';
import { naverError, naverErrorCode } from './errors';
import { NaverTokenSource } from './token';

export const NAVER_PRODUCT_SEARCH_PATH = '/v1/products/search';

// The channel-product fields opsgraph reads (subgraphs/commerce/products/naver.ts), checked on arrival.
const CHANNEL_PRODUCT = z.object({
  originProductNo: z.number(), channelProductNo: z.number(), name: z.string(),
  sellerManagementCode: z.string().nullable().optional(), statusType: z.string(),
  salePrice: z.number(), discountedPrice: z.number().nullable().optional(), stockQuantity: z.number().nullable().optional(),
  modifiedDate: z.string().nullable().optional(), regDate: z.string().nullable().optional(),
}).passthrough();
const PAGE = z.object({
  contents: z.array(z.object({ originProductNo: z.number(), channelProducts: z.array(CHANNEL_PRODUCT) }).passthrough()),
  page: z.number(), size: z.number(), totalElements: z.number(), totalPages: z.number(), last: z.boolean().optional(),
}).passthrough();

export type NaverChannelProduct = z.infer<typeof CHANNEL_PRODUCT>;
export type NaverProductPage = z.infer<typeof PAGE>;

export class NaverProductsClient {
  private readonly baseUrl: string;
  private readonly tokens: NaverTokenSource;

  constructor(private readonly options: NaverCommerceClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.tokens = new NaverTokenSource({
      baseUrl: this.baseUrl, clientId: options.clientId, clientSecret: options.clientSecret, accountId: options.accountId,
      timeoutMs: options.timeoutMs, now: options.now ?? Date.now,
    });
  }

  /** One page (from 1) of the store's products, newest registration order as Naver keeps it. */
  async searchProducts(input: { page: number; size: number }): Promise<NaverProductPage> {
    const what = `list Naver products (page ${input.page}, size ${input.size})`;
    let token = await this.tokens.get();
    let response = await this.send(token, input, what);
    // A token Naver expired early: one new token, one retry (as client.ts does).
    if (response.status === 401 && naverErrorCode(response) === 'GW.AUTHN') {
      token = await this.tokens.renew(token);
      response = await this.send(token, input, what);
    }
    if (response.status !== 200) throw naverError(response, what, [token, this.options.clientSecret]);
    return checkReply('naver', what, PAGE, response.json, [token, this.options.clientSecret]);
  }

  private send(token: string, body: { page: number; size: number }, what: string): Promise<ProviderResponse> {
    return providerFetch({
      provider: 'naver', what, method: 'POST', url: `${this.baseUrl}${NAVER_PRODUCT_SEARCH_PATH}`, body,
      headers: { authorization: `Bearer ${token}` }, timeoutMs: this.options.timeoutMs, secrets: [token, this.options.clientSecret],
    });
  }
}
