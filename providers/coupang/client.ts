// Coupang WING Open API client, following providers/coupang/README.md (Auth header, Order sheets, Pagination, Rate limit,
// Error body): signed order-sheet lookups, acknowledgement and invoice upload for one vendor.
import { z } from 'zod';
import { ProviderError } from '../errors';
import { providerFetch, type ProviderResponse } from '../http';
import { checkReply } from '../reply';
import { coupangError } from './errors';
import { coupangQuery } from './query';
import { signCoupangRequest } from './sign';
import type {
  CoupangBoxResult, CoupangInvoiceInput, CoupangOrderSheet, CoupangOrderSheetPage, CoupangOrderSheetQuery,
} from './types';

export interface CoupangClientOptions {
  /** https://api-gateway.coupang.com in production. */
  baseUrl: string;
  vendorId: string;
  accessKey: string;
  secretKey: string;
  timeoutMs?: number;
  /** The clock that dates signatures (Coupang refuses ones more than a few minutes off). */
  now?: () => Date;
}

type Method = 'GET' | 'POST' | 'PUT';

interface WireBoxResult {
  shipmentBoxId?: unknown;
  succeed?: unknown;
  resultCode?: unknown;
  resultMessage?: unknown;
  retryRequired?: unknown;
}

// The order-sheet fields opsgraph reads (subgraphs/commerce/sync/coupang*.ts), checked on arrival; the rest pass unread.
const ITEM = z.object({ vendorItemId: z.number(), shippingCount: z.number().optional(), cancelCount: z.number().optional() }).passthrough();
const SHEET = z.object({
  shipmentBoxId: z.number(),
  orderId: z.number(),
  orderedAt: z.string(),
  status: z.string(),
  orderItems: z.array(ITEM),
}).passthrough();
const SHEET_PAGE = z.object({ data: z.array(SHEET).nullable().optional(), nextToken: z.unknown().optional() }).passthrough();

export class CoupangClient {
  private readonly baseUrl: string;
  private readonly vendorPath: string;

  constructor(private readonly options: CoupangClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.vendorPath = `/v2/providers/openapi/apis/api/v4/vendors/${encodeURIComponent(options.vendorId)}`;
  }

  /** One page of order sheets; follow `nextToken` until it is empty (a timeFrame window has one page). */
  async listOrderSheets(query: CoupangOrderSheetQuery & { maxPerPage?: number; nextToken?: string }): Promise<CoupangOrderSheetPage> {
    const what = `list Coupang order sheets (${query.status}, ${query.createdAtFrom}..${query.createdAtTo})`;
    const response = await this.call('GET', `${this.vendorPath}/ordersheets`, what, coupangQuery([
      ['createdAtFrom', query.createdAtFrom],
      ['createdAtTo', query.createdAtTo],
      ['status', query.status],
      ['maxPerPage', query.maxPerPage],
      ['nextToken', query.nextToken || undefined],
      ['searchType', query.searchType],
    ]));
    const body = checkReply('coupang', what, SHEET_PAGE, response.json, [this.options.secretKey]);
    const orderSheets = (body.data ?? []) as unknown as CoupangOrderSheet[];
    return { orderSheets, nextToken: typeof body.nextToken === 'string' ? body.nextToken : '' };
  }

  /** Every order sheet of the range, page after page. */
  async *allOrderSheets(query: CoupangOrderSheetQuery & { maxPerPage?: number }): AsyncGenerator<CoupangOrderSheet> {
    const seen = new Set<string>();
    let nextToken = '';
    do {
      const page = await this.listOrderSheets({ ...query, nextToken });
      yield* page.orderSheets;
      if (page.nextToken !== '' && seen.has(page.nextToken)) {
        throw new ProviderError({ provider: 'coupang', kind: 'server', message: `Coupang repeated nextToken ${page.nextToken} while listing order sheets` });
      }
      seen.add(page.nextToken);
      nextToken = page.nextToken;
    } while (nextToken !== '');
  }

  async getOrderSheet(shipmentBoxId: number | string): Promise<CoupangOrderSheet> {
    const what = `look up Coupang shipment box ${shipmentBoxId}`;
    const response = await this.call('GET', `${this.vendorPath}/ordersheets/${encodeURIComponent(String(shipmentBoxId))}`, what);
    return checkReply('coupang', what, z.object({ data: SHEET }).passthrough(), response.json, [this.options.secretKey]).data as unknown as CoupangOrderSheet;
  }

  /** 발주확인 (ACCEPT → INSTRUCT). A box Coupang refuses is a result with `succeeded: false`, not a throw. */
  async acknowledgeOrders(shipmentBoxIds: ReadonlyArray<number>): Promise<CoupangBoxResult[]> {
    const what = `acknowledge ${shipmentBoxIds.length} Coupang shipment box(es)`;
    const body = { vendorId: this.options.vendorId, shipmentBoxIds };
    const response = await this.call('PUT', `${this.vendorPath}/ordersheets/acknowledgement`, what, '', body);
    return boxResults(response, shipmentBoxIds);
  }

  /** 송장업로드 (INSTRUCT → DEPARTURE), per box like `acknowledgeOrders`. */
  async uploadInvoices(items: ReadonlyArray<CoupangInvoiceInput>): Promise<CoupangBoxResult[]> {
    const what = `upload ${items.length} Coupang invoice(s)`;
    const body = {
      vendorId: this.options.vendorId,
      orderSheetInvoiceApplyDtos: items.map((item) => ({
        shipmentBoxId: item.shipmentBoxId, orderId: item.orderId, deliveryCompanyCode: item.deliveryCompanyCode,
        invoiceNumber: item.invoiceNumber, vendorItemId: item.vendorItemId, splitShipping: item.splitShipping ?? false,
        preSplitShipped: item.preSplitShipped ?? false, estimatedShippingDate: item.estimatedShippingDate ?? '',
      })),
    };
    const response = await this.call('POST', `${this.vendorPath}/orders/invoices`, what, '', body);
    return boxResults(response, items.map((item) => item.shipmentBoxId));
  }

  private async call(method: Method, path: string, what: string, query = '', body?: unknown): Promise<ProviderResponse> {
    const { accessKey, secretKey } = this.options;
    const now = this.options.now?.() ?? new Date();
    const { authorization } = signCoupangRequest({ method, path, query, accessKey, secretKey, now });
    const secrets = [secretKey, accessKey];
    const response = await providerFetch({
      provider: 'coupang',
      what,
      // Built from the very string that was signed: nothing may re-encode it in between.
      url: `${this.baseUrl}${path}${query ? `?${query}` : ''}`,
      method,
      headers: { authorization, 'content-type': 'application/json;charset=UTF-8' },
      body,
      timeoutMs: this.options.timeoutMs,
      secrets,
    });
    const code = (response.json as { code?: unknown } | undefined)?.code;
    if (response.status === 200 && String(code) === '200') return response;
    throw coupangError(response, what, secrets);
  }
}

/** The per-box outcomes, with a failed entry for any box Coupang left out of its answer. */
function boxResults(response: ProviderResponse, requested: ReadonlyArray<number>): CoupangBoxResult[] {
  const list = (response.json as { data?: { responseList?: unknown } }).data?.responseList;
  const results = (Array.isArray(list) ? (list as WireBoxResult[]) : []).map((r) => ({
    shipmentBoxId: Number(r.shipmentBoxId),
    succeeded: r.succeed === true,
    resultCode: typeof r.resultCode === 'string' ? r.resultCode : 'UNKNOWN',
    resultMessage: typeof r.resultMessage === 'string' ? r.resultMessage : '',
    retryRequired: r.retryRequired === true,
  }));
  const answered = new Set(results.map((r) => r.shipmentBoxId));
  for (const id of requested) {
    if (!answered.has(Number(id))) {
      results.push({ shipmentBoxId: Number(id), succeeded: false, resultCode: 'NO_RESULT', resultMessage: 'Coupang returned no result for this box', retryRequired: true });
    }
  }
  return results;
}
