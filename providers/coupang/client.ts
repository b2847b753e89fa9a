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
  CoupangBoxResult, CoupangExchangeQuery, CoupangExchangeRequest, CoupangInvoiceInput, CoupangOrderSheet, CoupangOrderSheetPage,
  CoupangOrderSheetQuery, CoupangPage, CoupangReturnQuery, CoupangReturnRequest,
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

// The claim fields opsgraph reads (subgraphs/commerce/sync/coupang-claims.ts), checked on arrival.
const RETURN_ITEM = z.object({ vendorItemId: z.number(), cancelCount: z.number(), shipmentBoxId: z.number() }).passthrough();
const RETURN_REQUEST = z.object({
  receiptId: z.number(), orderId: z.number(), receiptType: z.string(), receiptStatus: z.string(), createdAt: z.string(),
  cancelCountSum: z.number(), returnItems: z.array(RETURN_ITEM),
}).passthrough();
const EXCHANGE_ITEM = z.object({ quantity: z.number() }).passthrough();
const EXCHANGE_REQUEST = z.object({
  exchangeId: z.number(), orderId: z.number(), exchangeStatus: z.string(), createdAt: z.string(), exchangeItemDtoV1s: z.array(EXCHANGE_ITEM),
}).passthrough();
const pageOf = <T extends z.ZodTypeAny>(item: T) => z.object({ data: z.array(item).nullable().optional(), nextToken: z.unknown().optional() }).passthrough();

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

  /**
   * 반품/취소 요청 목록 조회: one page of cancellation and return receipts created in the range. Coupang documents
   * `status` (RU, UC, PR, CC) for returns, and `cancelType=CANCEL` without a status for cancellations in 결제완료.
   */
  async listReturnRequests(query: CoupangReturnQuery & { maxPerPage?: number; nextToken?: string }): Promise<CoupangPage<CoupangReturnRequest>> {
    const what = `list Coupang return requests (${query.cancelType ?? query.status ?? 'all'}, ${query.createdAtFrom}..${query.createdAtTo})`;
    const response = await this.call('GET', `${this.vendorPath}/returnRequests`, what, coupangQuery([
      ['searchType', query.searchType],
      ['createdAtFrom', query.createdAtFrom],
      ['createdAtTo', query.createdAtTo],
      ['status', query.status],
      ['cancelType', query.cancelType],
      ['maxPerPage', query.maxPerPage],
      ['nextToken', query.nextToken || undefined],
    ]));
    const body = checkReply('coupang', what, pageOf(RETURN_REQUEST), response.json, [this.options.secretKey]);
    return { items: (body.data ?? []) as unknown as CoupangReturnRequest[], nextToken: typeof body.nextToken === 'string' ? body.nextToken : '' };
  }

  /** 교환요청 목록 조회: one page of exchange requests created in the range (at most 7 days). */
  async listExchangeRequests(query: CoupangExchangeQuery & { maxPerPage?: number; nextToken?: string }): Promise<CoupangPage<CoupangExchangeRequest>> {
    const what = `list Coupang exchange requests (${query.createdAtFrom}..${query.createdAtTo})`;
    const response = await this.call('GET', `${this.vendorPath}/exchangeRequests`, what, coupangQuery([
      ['createdAtFrom', query.createdAtFrom],
      ['createdAtTo', query.createdAtTo],
      ['status', query.status],
      ['maxPerPage', query.maxPerPage],
      ['nextToken', query.nextToken || undefined],
    ]));
    const body = checkReply('coupang', what, pageOf(EXCHANGE_REQUEST), response.json, [this.options.secretKey]);
    return { items: (body.data ?? []) as unknown as CoupangExchangeRequest[], nextToken: typeof body.nextToken === 'string' ? body.nextToken : '' };
  }

  /** 출고중지완료 처리: the seller stops a box the buyer cancelled in 상품준비중 (RELEASE_STOP_UNCHECKED). */
  async stopShipment(receiptId: number, cancelCount: number): Promise<{ succeeded: boolean; message: string }> {
    const what = `stop shipment of Coupang receipt ${receiptId}`;
    const response = await this.call('PUT', `${this.vendorPath}/returnRequests/${receiptId}/stoppedShipment`, what, '', { vendorId: this.options.vendorId, receiptId, cancelCount });
    // The call answers 200 either way; data.resultCode says SUCCESS or FAIL.
    const data = (response.json as { data?: { resultCode?: unknown; resultMessage?: unknown } | null }).data;
    return { succeeded: data?.resultCode === 'SUCCESS', message: typeof data?.resultMessage === 'string' ? data.resultMessage : '' };
  }

  /** 반품상품 입고 확인처리: the returned goods arrived at the seller (RETURNS_UNCHECKED → VENDOR_WAREHOUSE_CONFIRM). */
  async confirmReturnReceipt(receiptId: number): Promise<void> {
    const what = `confirm receipt of Coupang return ${receiptId}`;
    await this.call('PUT', `${this.vendorPath}/returnRequests/${receiptId}/receiveConfirmation`, what, '', { vendorId: this.options.vendorId, receiptId });
  }

  /** 반품요청 승인 처리: the seller approves the return, which Coupang then completes and refunds. */
  async approveReturnRequest(receiptId: number, cancelCount: number): Promise<void> {
    const what = `approve Coupang return ${receiptId}`;
    await this.call('PUT', `${this.vendorPath}/returnRequests/${receiptId}/approval`, what, '', { vendorId: this.options.vendorId, receiptId, cancelCount });
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
