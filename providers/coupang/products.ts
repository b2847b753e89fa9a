// Coupang WING Open API, providers/coupang/README.md (Seller products): the vendor's catalog and its stock. Listing
// pages by nextToken; price and stock live on each vendor item (상품 조회 for the items, 재고 조회 for the stock).
// Answers are `{code:"SUCCESS", message, data}`; refusals keep the order API's error shapes (errors.ts).
import { z } from 'zod';
import { providerFetch, type ProviderResponse } from '../http';
import { checkReply } from '../reply';
import type { CoupangClientOptions } from './client';
import { coupangError } from './errors';
import { coupangQuery } from './query';
import { signCoupangRequest } from './sign';

export const COUPANG_SELLER_API = '/v2/providers/seller_api/apis/api/v1/marketplace';

const SUMMARY = z.object({ sellerProductId: z.number(), sellerProductName: z.string(), statusName: z.string() }).passthrough();
const LIST = z.object({ code: z.literal('SUCCESS'), nextToken: z.string().nullable().optional(), data: z.array(SUMMARY) }).passthrough();
const ITEM = z.object({
  vendorItemId: z.number().nullable(), itemName: z.string(), salePrice: z.number(), originalPrice: z.number().optional(),
  externalVendorSku: z.string().nullable().optional(),
}).passthrough();
const DETAIL = z.object({ code: z.literal('SUCCESS'), data: SUMMARY.extend({ createdAt: z.string().optional(), items: z.array(ITEM) }).passthrough() }).passthrough();
const INVENTORY = z.object({
  code: z.literal('SUCCESS'), data: z.object({ amountInStock: z.number(), salePrice: z.number(), onSale: z.boolean() }).passthrough(),
}).passthrough();
const DONE = z.object({ code: z.literal('SUCCESS'), message: z.string().optional() }).passthrough();

export type CoupangProductSummary = z.infer<typeof SUMMARY>;
export type CoupangProductDetail = z.infer<typeof DETAIL>['data'];
export type CoupangInventory = z.infer<typeof INVENTORY>['data'];

export class CoupangProductsClient {
  private readonly baseUrl: string;

  constructor(private readonly options: CoupangClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  /** 상품 목록 페이징 조회: one page of the vendor's products; `nextToken` '' when it was the last. */
  async listProducts(input: { maxPerPage: number; nextToken?: string }): Promise<{ products: CoupangProductSummary[]; nextToken: string }> {
    const what = 'list Coupang seller products';
    const query = coupangQuery([['vendorId', this.options.vendorId], ['nextToken', input.nextToken || undefined], ['maxPerPage', input.maxPerPage]]);
    const body = checkReply('coupang', what, LIST, (await this.call('GET', `${COUPANG_SELLER_API}/seller-products`, what, query)).json, this.secrets);
    return { products: body.data, nextToken: body.nextToken ?? '' };
  }

  /** 상품 조회: the product with its items (vendorItemId, prices). */
  async getProduct(sellerProductId: number | string): Promise<CoupangProductDetail> {
    const what = `look up Coupang seller product ${sellerProductId}`;
    const response = await this.call('GET', `${COUPANG_SELLER_API}/seller-products/${encodeURIComponent(String(sellerProductId))}`, what);
    return checkReply('coupang', what, DETAIL, response.json, this.secrets).data;
  }

  /** 재고/가격/판매상태 조회 of one vendor item. */
  async getInventory(vendorItemId: number | string): Promise<CoupangInventory> {
    const what = `look up the stock of Coupang vendor item ${vendorItemId}`;
    const response = await this.call('GET', `${COUPANG_SELLER_API}/vendor-items/${encodeURIComponent(String(vendorItemId))}/inventories`, what);
    return checkReply('coupang', what, INVENTORY, response.json, this.secrets).data;
  }

  /** 재고수량 변경: sets the units in stock of one vendor item. */
  async updateQuantity(vendorItemId: number | string, quantity: number): Promise<void> {
    const what = `set the stock of Coupang vendor item ${vendorItemId} to ${quantity}`;
    const path = `${COUPANG_SELLER_API}/vendor-items/${encodeURIComponent(String(vendorItemId))}/quantities/${quantity}`;
    checkReply('coupang', what, DONE, (await this.call('PUT', path, what)).json, this.secrets);
  }

  private get secrets(): string[] {
    return [this.options.secretKey, this.options.accessKey];
  }

  private async call(method: 'GET' | 'PUT', path: string, what: string, query = ''): Promise<ProviderResponse> {
    const { accessKey, secretKey } = this.options;
    const { authorization } = signCoupangRequest({ method, path, query, accessKey, secretKey, now: this.options.now?.() ?? new Date() });
    const response = await providerFetch({
      provider: 'coupang', what, method, secrets: this.secrets, timeoutMs: this.options.timeoutMs,
      // Built from the very string that was signed: nothing may re-encode it in between.
      url: `${this.baseUrl}${path}${query ? `?${query}` : ''}`,
      headers: { authorization, 'content-type': 'application/json;charset=UTF-8' },
    });
    if (response.status === 200 && (response.json as { code?: unknown } | undefined)?.code === 'SUCCESS') return response;
    throw coupangError(response, what, this.secrets);
  }
}
