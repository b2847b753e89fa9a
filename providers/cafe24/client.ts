// Cafe24 Admin API client, following providers/cafe24/README.md (Cafe24 Admin API):
// Bearer calls with X-Cafe24-Api-Version, tokens kept in a Cafe24TokenStore, offset pagination.
import { z } from 'zod';
import { ProviderError } from '../errors';
import { providerFetch, type ProviderResponse } from '../http';
import { checkReply } from '../reply';
import { cafe24Error } from './errors';
import { cafe24AuthorizeUrl, consentRequired, exchangeCafe24Code, refreshCafe24Token, type Cafe24OAuthConfig } from './oauth';
import type { Cafe24TokenStore } from './token-store';
import type {
  Cafe24Carrier, Cafe24NewShipment, Cafe24Shipment,
  Cafe24DateRange, Cafe24ListAllOrdersParams, Cafe24ListOrdersParams, Cafe24ListProductsParams, Cafe24Order, Cafe24Product, Cafe24Tokens,
  Cafe24Inventory, Cafe24CancellationRequest, Cafe24ClaimResult, Cafe24RequestRejection, Cafe24ReturnRequest,
} from './types';

export const CAFE24_DEFAULT_API_VERSION = '2025-12-01';
/** Refresh a little early so a token does not expire between our check and Cafe24's. */
const EXPIRY_MARGIN_MS = 5 * 60 * 1000;
/** Cafe24 refuses offsets beyond 15000; past it the date range has to be narrowed instead. */
const MAX_OFFSET = 15_000;
/** The product list pages by at most 100 and offsets to at most 5000; since_product_no pages past that. */
const MAX_PRODUCT_LIMIT = 100;
const MAX_PRODUCT_OFFSET = 5000;

export interface Cafe24ClientOptions {
  /** `https://{mall_id}.cafe24api.com` in production; `{mall_id}` is substituted. */
  baseUrl: string;
  mallId: string;
  clientId: string;
  clientSecret: string;
  tokens: Cafe24TokenStore;
  redirectUri?: string;
  apiVersion?: string;
  timeoutMs?: number;
  /** Clock for expiry decisions; tests inject one. */
  now?: () => number;
}

// The fields opsgraph reads (subgraphs/commerce/sync/cafe24*.ts, products/cafe24.ts), checked on arrival; the rest
// pass unread.
const INVENTORY = z.object({ inventory: z.object({ variant_code: z.string(), quantity: z.coerce.number() }).passthrough() }).passthrough();
const ORDER_ITEM = z.object({ product_no: z.coerce.number(), quantity: z.coerce.number() }).passthrough();
const ORDERS = z.object({
  orders: z.array(z.object({ order_id: z.string(), order_date: z.string(), items: z.array(ORDER_ITEM).nullable().optional() }).passthrough()).optional(),
}).passthrough();
const PRODUCTS = z.object({ products: z.array(z.object({ product_no: z.coerce.number(), product_name: z.string() }).passthrough()).optional() }).passthrough();
const CARRIERS = z.object({
  carriers: z.array(z.object({ shipping_carrier_code: z.string(), shipping_carrier: z.string() }).passthrough()),
}).passthrough();
const SHIPMENT = z.object({
  shipment: z.object({ shipping_code: z.string(), order_id: z.string(), tracking_no: z.string(), shipping_company_code: z.string(), status: z.string() }).passthrough(),
}).passthrough();
const CLAIM_RESULTS = (key: string) => z.object({ [key]: z.array(z.object({ order_id: z.string() }).passthrough()) }).passthrough();
const COUNT = z.object({ count: z.coerce.number().int().nonnegative().default(0) }).passthrough();

export class Cafe24Client {
  private readonly store: Cafe24TokenStore;
  private readonly oauth: Cafe24OAuthConfig;
  private readonly apiVersion: string;
  private readonly timeoutMs?: number;
  private readonly now: () => number;

  constructor(options: Cafe24ClientOptions) {
    this.store = options.tokens;
    this.apiVersion = options.apiVersion ?? CAFE24_DEFAULT_API_VERSION;
    this.timeoutMs = options.timeoutMs;
    this.now = options.now ?? Date.now;
    this.oauth = {
      mallBaseUrl: options.baseUrl.replace('{mall_id}', encodeURIComponent(options.mallId)).replace(/\/+$/, ''),
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      redirectUri: options.redirectUri,
      timeoutMs: options.timeoutMs,
    };
  }

  /** Where the mall administrator consents in a browser (see cafe24AuthorizeUrl). */
  authorizeUrl(state: string): string {
    return cafe24AuthorizeUrl(this.oauth, state);
  }

  /**
   * First-time connection: exchanges the code Cafe24 sent to the callback (after the mall administrator consented)
   * and stores the token pair through the token store.
   */
  connectWithCode(code: string): Promise<Cafe24Tokens> {
    return this.store.rotate(null, () => exchangeCafe24Code(this.oauth, code));
  }

  /**
   * The `refresh` handed to the token store: the rotating refresh token while it is valid. Without one (never
   * connected, expired, or refused as invalid_grant) only the mall administrator can reconnect, in a browser: the
   * error says so (kind `auth`, providerCode `consent_required` or `invalid_grant`), and nothing retries.
   */
  refresh = async (current: Cafe24Tokens | null): Promise<Cafe24Tokens> => {
    if (!current) throw consentRequired('the mall was never connected (connectCafe24)');
    if (Date.parse(current.refreshTokenExpiresAt) <= this.now()) throw consentRequired('the refresh token expired');
    return refreshCafe24Token(this.oauth, current.refreshToken);
  };

  async listOrders(params: Cafe24ListOrdersParams): Promise<{ orders: Cafe24Order[] }> {
    const query = rangeQuery(params);
    if (params.limit !== undefined) query.set('limit', String(params.limit));
    if (params.offset !== undefined) query.set('offset', String(params.offset));
    const embed = Array.isArray(params.embed) ? params.embed.join(',') : params.embed;
    if (embed) query.set('embed', embed);
    const what = 'list Cafe24 orders';
    const body = checkReply('cafe24', what, ORDERS, await this.adminGet('/api/v2/admin/orders', query, what));
    return { orders: (body.orders ?? []) as unknown as Cafe24Order[] };
  }

  /** Every order in the range, page by page, until Cafe24 returns a short page. */
  async *listAllOrders(params: Cafe24ListAllOrdersParams): AsyncGenerator<Cafe24Order, void, undefined> {
    const limit = params.pageSize ?? 100;
    for (let offset = 0; ; offset += limit) {
      if (offset > MAX_OFFSET) {
        throw new ProviderError({
          provider: 'cafe24',
          kind: 'bad_request',
          message: `list Cafe24 orders stopped: more than ${MAX_OFFSET} orders between ${params.startDate} and ${params.endDate}; Cafe24 pages no further, narrow the date range`,
        });
      }
      const { orders } = await this.listOrders({ ...params, limit, offset });
      yield* orders;
      if (orders.length < limit) return;
    }
  }

  async countOrders(range: Cafe24DateRange): Promise<number> {
    const what = 'count Cafe24 orders';
    return checkReply('cafe24', what, COUNT, await this.adminGet('/api/v2/admin/orders/count', rangeQuery(range), what)).count;
  }

  /**
   * One page of products. With `sinceProductNo` Cafe24 pages by product number (a keyset: stable while products
   * are added), which it refuses to combine with an offset; so does this method, before spending a call.
   */
  async listProducts(params: Cafe24ListProductsParams = {}): Promise<{ products: Cafe24Product[] }> {
    const what = 'list Cafe24 products';
    checkProductPage(params, what);
    const query = new URLSearchParams();
    if (params.limit !== undefined) query.set('limit', String(params.limit));
    if (params.offset !== undefined) query.set('offset', String(params.offset));
    if (params.sinceProductNo !== undefined) query.set('since_product_no', String(params.sinceProductNo));
    if (params.productNo?.length) query.set('product_no', params.productNo.join(','));
    if (params.fields?.length) query.set('fields', params.fields.join(','));
    if (params.embed?.length) query.set('embed', params.embed.join(','));
    const body = checkReply('cafe24', what, PRODUCTS, await this.adminGet('/api/v2/admin/products', query, what));
    return { products: (body.products ?? []) as unknown as Cafe24Product[] };
  }

  async countProducts(): Promise<number> {
    const what = 'count Cafe24 products';
    return checkReply('cafe24', what, COUNT, await this.adminGet('/api/v2/admin/products/count', new URLSearchParams(), what)).count;
  }

  /** The mall's registered carriers: each mall numbers its carriers itself (shipping_carrier_code). */
  async listCarriers(): Promise<Cafe24Carrier[]> {
    const what = 'list Cafe24 carriers';
    return checkReply('cafe24', what, CARRIERS, await this.adminGet('/api/v2/admin/carriers', new URLSearchParams(), what)).carriers as Cafe24Carrier[];
  }

  /** Registers a shipment (송장 등록) of an order: Cafe24 takes one per call. */
  async createShipment(orderId: string, shipment: Cafe24NewShipment): Promise<Cafe24Shipment> {
    const what = 'register the Cafe24 shipment';
    const path = `/api/v2/admin/orders/${encodeURIComponent(orderId)}/shipments`;
    const body = await this.adminRequest('POST', path, new URLSearchParams(), what, { shop_no: 1, request: shipment });
    return checkReply('cafe24', what, SHIPMENT, body).shipment as Cafe24Shipment;
  }

  /**
   * Sets a variant's inventory quantity (Update a product variant inventory:
   * `PUT /api/v2/admin/products/{product_no}/variants/{variant_code}/inventories`, scope mall.write_product),
   * tracking it (use_inventory T) so that the quantity counts.
   */
  async updateInventory(productNo: number, variantCode: string, quantity: number): Promise<Cafe24Inventory> {
    const what = `set the inventory of Cafe24 variant ${variantCode}`;
    const path = `/api/v2/admin/products/${productNo}/variants/${encodeURIComponent(variantCode)}/inventories`;
    const body = await this.adminRequest('PUT', path, new URLSearchParams(), what, { shop_no: 1, request: { use_inventory: 'T', quantity } });
    return checkReply('cafe24', what, INVENTORY, body).inventory as Cafe24Inventory;
  }

  /** Cancels items (Create multiple order cancellations): completes a buyer's 취소신청 with status `canceled`. */
  createCancellations(requests: Cafe24CancellationRequest[]): Promise<Cafe24ClaimResult[]> {
    return this.claimWrite('POST', '/api/v2/admin/cancellation', 'cancellation', 'cancel Cafe24 order items', requests);
  }

  /** Refuses buyers' 취소신청 (Reject a cancellation request for multiple items). */
  rejectCancellationRequests(requests: Cafe24RequestRejection[]): Promise<Cafe24ClaimResult[]> {
    return this.claimWrite('PUT', '/api/v2/admin/cancellationrequests', 'cancellationrequests', 'reject the Cafe24 cancellation request', requests);
  }

  /** Takes returns (Create multiple order returns): 반품접수 (`accepted`) or, once collected, 반품완료 (`returned`). */
  createReturns(requests: Cafe24ReturnRequest[]): Promise<Cafe24ClaimResult[]> {
    return this.claimWrite('POST', '/api/v2/admin/return', 'return', 'accept the Cafe24 return', requests);
  }

  /** Refuses buyers' 반품신청 (Reject a return request for multiple items). */
  rejectReturnRequests(requests: Cafe24RequestRejection[]): Promise<Cafe24ClaimResult[]> {
    return this.claimWrite('PUT', '/api/v2/admin/returnrequests', 'returnrequests', 'reject the Cafe24 return request', requests);
  }

  /** Claim writes take `{shop_no, requests: [...]}` (at most 100) and answer one element per request under `key`. */
  private async claimWrite(method: 'POST' | 'PUT', path: string, key: string, what: string, requests: unknown[]): Promise<Cafe24ClaimResult[]> {
    const body = await this.adminRequest(method, path, new URLSearchParams(), what, { shop_no: 1, requests });
    return (checkReply('cafe24', what, CLAIM_RESULTS(key), body) as Record<string, unknown>)[key] as Cafe24ClaimResult[];
  }

  private adminGet(path: string, query: URLSearchParams, what: string): Promise<unknown> {
    return this.adminRequest('GET', path, query, what);
  }

  private async adminRequest(method: 'GET' | 'POST' | 'PUT', path: string, query: URLSearchParams, what: string, body?: unknown): Promise<unknown> {
    let tokens = await this.usableTokens();
    let response = await this.send(method, path, query, tokens.accessToken, what, body);
    // A 401 with a token we believed valid: revoked, or Cafe24's clock disagrees. Refresh once.
    if (response.status === 401) {
      tokens = await this.store.rotate(tokens.accessToken, this.refresh);
      response = await this.send(method, path, query, tokens.accessToken, what, body);
    }
    // 200 for reads, 201 for a created resource.
    if (response.status !== 200 && response.status !== 201) throw cafe24Error(response, what, [tokens.accessToken, this.oauth.clientSecret]);
    return response.json ?? {};
  }

  private async usableTokens(): Promise<Cafe24Tokens> {
    const tokens = await this.store.get();
    if (tokens && Date.parse(tokens.accessTokenExpiresAt) - this.now() > EXPIRY_MARGIN_MS) return tokens;
    return this.store.rotate(tokens?.accessToken ?? null, this.refresh);
  }

  private send(method: 'GET' | 'POST' | 'PUT', path: string, query: URLSearchParams, accessToken: string, what: string, body?: unknown): Promise<ProviderResponse> {
    const search = query.toString();
    return providerFetch({
      provider: 'cafe24',
      what,
      method,
      body,
      url: `${this.oauth.mallBaseUrl}${path}${search ? `?${search}` : ''}`,
      headers: {
        authorization: `Bearer ${accessToken}`,
        'content-type': 'application/json',
        'x-cafe24-api-version': this.apiVersion,
      },
      timeoutMs: this.timeoutMs,
      secrets: [accessToken],
    });
  }
}

function checkProductPage(params: Cafe24ListProductsParams, what: string): void {
  const problem =
    params.sinceProductNo !== undefined && params.offset !== undefined ? 'sinceProductNo cannot be combined with offset'
    : params.limit !== undefined && !(Number.isInteger(params.limit) && params.limit >= 1 && params.limit <= MAX_PRODUCT_LIMIT) ? `limit must be 1 to ${MAX_PRODUCT_LIMIT}, but got ${params.limit}`
    : params.offset !== undefined && !(Number.isInteger(params.offset) && params.offset >= 0 && params.offset <= MAX_PRODUCT_OFFSET) ? `offset must be 0 to ${MAX_PRODUCT_OFFSET}, but got ${params.offset}`
    : null;
  if (problem) throw new ProviderError({ provider: 'cafe24', kind: 'bad_request', message: `${what} refused before calling: ${problem}` });
}

function rangeQuery(range: Cafe24DateRange): URLSearchParams {
  const query = new URLSearchParams({ start_date: range.startDate, end_date: range.endDate });
  if (range.dateType) query.set('date_type', range.dateType);
  return query;
}
