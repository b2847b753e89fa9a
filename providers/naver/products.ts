// Naver Commerce API, providers/naver/README.md "Products": 상품 목록 조회 (`POST /v1/products/search`, the store's origin
// products with their channel products, paged by `page` and `size`), (v2) 원상품 조회 and 상품 옵션 재고 변경 (option-stock).
// The answers are the resources themselves, not the `{data}` envelope of the order APIs. Same bearer token and error
// shapes as the order client (client.ts).
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

// (v2) 원상품 조회: the fields opsgraph reads; the option combinations only where the product has them.
const COMBINATION = z.object({ id: z.number(), stockQuantity: z.number(), price: z.number().optional(), usable: z.boolean().optional() }).passthrough();
const DISCOUNT = z.object({ value: z.number(), unitType: z.string() }).passthrough();
const ORIGIN_PRODUCT = z.object({
  originProduct: z.object({
    statusType: z.string(), name: z.string(), salePrice: z.number(), stockQuantity: z.number().nullable().optional(),
    detailAttribute: z.object({
      sellerCodeInfo: z.object({ sellerManagementCode: z.string().nullable().optional() }).passthrough().nullable().optional(),
      optionInfo: z.object({ optionCombinations: z.array(COMBINATION).nullable().optional() }).passthrough().nullable().optional(),
    }).passthrough().nullable().optional(),
    customerBenefit: z.object({
      immediateDiscountPolicy: z.object({ discountMethod: DISCOUNT.nullable().optional() }).passthrough().nullable().optional(),
    }).passthrough().nullable().optional(),
  }).passthrough(),
}).passthrough();

export type NaverChannelProduct = z.infer<typeof CHANNEL_PRODUCT>;
export type NaverOriginProduct = z.infer<typeof ORIGIN_PRODUCT>;
export type NaverOptionCombination = z.infer<typeof COMBINATION>;

export const naverOriginProductPath = (originProductNo: number) => `/v2/products/origin-products/${originProductNo}`;
export const naverOptionStockPath = (originProductNo: number) => `/v1/products/origin-products/${originProductNo}/option-stock`;
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
    const { body, token } = await this.request('POST', NAVER_PRODUCT_SEARCH_PATH, what, input);
    return checkReply('naver', what, PAGE, body, [token, this.options.clientSecret]);
  }

  /** (v2) 원상품 조회: the origin product with its sale price, stock and option combinations. */
  async readOriginProduct(originProductNo: number): Promise<NaverOriginProduct> {
    const what = `read Naver origin product ${originProductNo}`;
    const { body, token } = await this.request('GET', naverOriginProductPath(originProductNo), what);
    return checkReply('naver', what, ORIGIN_PRODUCT, body, [token, this.options.clientSecret]);
  }

  /**
   * 상품 옵션 재고 변경: the stock of some option combinations, the sale price sent as it is (the body's
   * `productSalePrice`) so that the call changes stock only. Naver's answer body is not read (UNVERIFIED: the
   * page's success schema was not in reach); a 200 is the change made.
   */
  async updateOptionStock(originProductNo: number, input: { salePrice: number; combinations: NaverOptionCombination[] }): Promise<void> {
    const what = `set the option stock of Naver origin product ${originProductNo}`;
    const optionCombinations = input.combinations.map(({ id, stockQuantity, price, usable }) => ({ id, stockQuantity, price, usable }));
    await this.request('PUT', naverOptionStockPath(originProductNo), what, {
      productSalePrice: { salePrice: input.salePrice },
      optionInfo: { optionCombinations, useStockManagement: true },
    });
  }

  /**
   * (v2) 원상품 수정 `PUT /v2/products/origin-products/{originProductNo}`: the product as 원상품 조회 read it, sent back
   * whole (Naver removes whatever the request leaves out; providers/naver/README.md "Products"). The answer body is
   * not read (UNVERIFIED: the success schema was not in reach); a 200 is the change made.
   */
  async updateOriginProduct(originProductNo: number, product: NaverOriginProduct): Promise<void> {
    const what = `update Naver origin product ${originProductNo}`;
    await this.request('PUT', naverOriginProductPath(originProductNo), what, product);
  }

  private async request(method: 'GET' | 'POST' | 'PUT', path: string, what: string, body?: unknown): Promise<{ body: unknown; token: string }> {
    let token = await this.tokens.get();
    let response = await this.send(method, path, token, what, body);
    // A token Naver expired early: one new token, one retry (as client.ts does).
    if (response.status === 401 && naverErrorCode(response) === 'GW.AUTHN') {
      token = await this.tokens.renew(token);
      response = await this.send(method, path, token, what, body);
    }
    if (response.status !== 200) throw naverError(response, what, [token, this.options.clientSecret]);
    return { body: response.json, token };
  }

  private send(method: 'GET' | 'POST' | 'PUT', path: string, token: string, what: string, body?: unknown): Promise<ProviderResponse> {
    return providerFetch({
      provider: 'naver', what, method, url: `${this.baseUrl}${path}`, body,
      headers: { authorization: `Bearer ${token}` }, timeoutMs: this.options.timeoutMs, secrets: [token, this.options.clientSecret],
    });
  }
}
