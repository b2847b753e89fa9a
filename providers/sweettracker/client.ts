// Sweet Tracker (스마트택배) client, following providers/sweettracker/README.md (Sweet Tracker):
// GET only, the key travels as t_key in the query string, failures arrive as HTTP 200 {status:false}.
import { z } from 'zod';
import { ProviderError, kindForStatus, type ProviderErrorKind } from '../errors';
import { providerFetch, secondsHeaderMs, type ProviderResponse } from '../http';
import { checkReply } from '../reply';
import type { SweetTrackerCompany, SweetTrackerErrorBody, SweetTrackerRecommendation, SweetTrackerTracking } from './types';

export interface SweetTrackerClientOptions {
  /** http://info.sweettracker.co.kr in production. */
  baseUrl: string;
  apiKey: string;
  timeoutMs?: number;
}

/**
 * Codes as reported by client implementations (the wire contract is UNVERIFIED in providers/sweettracker/README.md):
 * 101 no such key, 102 expired key, 103 key quota used up, 104 invalid invoice or carrier code
 * (also what an invoice the carrier has not scanned yet returns), 105 per-invoice daily limit, 106 lookup error.
 */
const KEY_CODES = new Set(['101', '102']);
const QUOTA_CODES = new Set(['103', '105']);
const NO_DATA_CODES = new Set(['104']);

// The fields opsgraph reads (subgraphs/logistics/tracking.ts, carriers.ts), checked on arrival; the rest pass unread.
const DETAIL = z.object({ time: z.number(), where: z.string().nullable().optional(), kind: z.string().nullable().optional(), level: z.coerce.number().int().min(0).max(6) }).passthrough();
const TRACKING = z.object({
  invoiceNo: z.string().optional(),
  level: z.coerce.number().int().min(0).max(6),
  complete: z.boolean(),
  trackingDetails: z.array(DETAIL).nullable().optional(),
}).passthrough();
const CARRIER = z.object({ Code: z.string(), Name: z.string() }).passthrough();
const COMPANY_LIST = z.object({ Company: z.array(CARRIER.extend({ International: z.string() }).passthrough()).optional() }).passthrough();
const RECOMMEND = z.object({ Recommend: z.array(CARRIER).optional() }).passthrough();

export class SweetTrackerClient {
  private readonly baseUrl: string;
  private readonly apiKey: string;
  private readonly timeoutMs?: number;

  constructor(options: SweetTrackerClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.apiKey = options.apiKey;
    this.timeoutMs = options.timeoutMs;
  }

  /** The parcel's history, or null when Sweet Tracker has no data for that carrier and invoice. */
  async trackingInfo(tCode: string, invoice: string): Promise<SweetTrackerTracking | null> {
    const what = `track invoice ${invoice} of carrier ${tCode} with Sweet Tracker`;
    const response = await this.get('/api/v1/trackingInfo', { t_code: tCode, t_invoice: invoice }, what);
    const failure = failureOf(response);
    if (failure && NO_DATA_CODES.has(failure.code)) return null;
    const raw = this.ok(response, what) as { result?: unknown };
    if (raw.result === 'N') return null;
    return checkReply('sweettracker', what, TRACKING, raw, [this.apiKey]) as unknown as SweetTrackerTracking;
  }

  async companyList(): Promise<SweetTrackerCompany[]> {
    const what = 'list Sweet Tracker carriers';
    const body = checkReply('sweettracker', what, COMPANY_LIST, this.ok(await this.get('/api/v1/companylist', {}, what), what), [this.apiKey]);
    return body.Company ?? [];
  }

  /** Carriers whose invoice format matches, most likely first. */
  async recommend(invoice: string): Promise<SweetTrackerRecommendation[]> {
    const what = `recommend a carrier for invoice ${invoice} with Sweet Tracker`;
    const response = await this.get('/api/v1/recommend', { t_invoice: invoice }, what);
    const body = checkReply('sweettracker', what, RECOMMEND, this.ok(response, what), [this.apiKey]);
    return body.Recommend ?? [];
  }

  private get(path: string, params: Record<string, string>, what: string): Promise<ProviderResponse> {
    const query = new URLSearchParams({ t_key: this.apiKey, ...params });
    return providerFetch({
      provider: 'sweettracker',
      what,
      url: `${this.baseUrl}${path}?${query.toString()}`,
      timeoutMs: this.timeoutMs,
      secrets: [this.apiKey],
    });
  }

  private ok(response: ProviderResponse, what: string): unknown {
    const failure = failureOf(response);
    if (response.status === 200 && !failure && response.json !== undefined) return response.json;
    throw sweetTrackerError(response, failure, what, this.apiKey);
  }
}

/** A `status:false` refusal's code as the key resolver reads it. */
export function sweetTrackerKind(code: string): ProviderErrorKind {
  return KEY_CODES.has(code) ? 'auth' : QUOTA_CODES.has(code) ? 'rate_limited' : 'bad_request';
}

function failureOf(response: ProviderResponse): SweetTrackerErrorBody | undefined {
  const body = response.json as { status?: unknown; code?: unknown; msg?: unknown } | undefined;
  if (body?.status !== false) return undefined;
  return { status: false, code: String(body.code ?? ''), msg: typeof body.msg === 'string' ? body.msg : '' };
}

function sweetTrackerError(
  response: ProviderResponse,
  failure: SweetTrackerErrorBody | undefined,
  what: string,
  apiKey: string,
): ProviderError {
  if (!failure) {
    const kind = response.status === 200 ? 'server' : kindForStatus(response.status);
    return new ProviderError({
      provider: 'sweettracker',
      kind,
      status: response.status,
      retryAfterMs: kind === 'rate_limited' ? (secondsHeaderMs(response.headers, 'retry-after') ?? 1000) : undefined,
      message: `${what} failed: Sweet Tracker answered ${response.status}${response.status === 200 ? ' with a body that is not JSON' : ''}`,
      secrets: [apiKey],
    });
  }
  const kind = sweetTrackerKind(failure.code);
  return new ProviderError({
    provider: 'sweettracker',
    kind,
    status: response.status,
    providerCode: failure.code,
    message: `${what} failed: Sweet Tracker refused with code ${failure.code}${failure.msg ? ` (${failure.msg})` : ''}`,
    secrets: [apiKey],
  });
}
