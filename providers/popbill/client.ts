// Popbill 전자세금계산서 through the official `popbill` SDK (LinkHub token auth), providers/popbill/README.md.
//
// The SDK builds every URL from fixed host names (popbill[-test].linkhub.co.kr for the API, auth.linkhub.co.kr for
// LinkHub tokens) and always speaks https on port 443, so it cannot be pointed at another host as it is (README
// "Pointing the SDK elsewhere"). Two transport functions are replaced on our own instances, nothing else:
// - `TaxinvoiceService#_makeRequest` (the one place Popbill API requests are sent) sends the request the SDK built
//   (path, method, headers, body) to `baseUrl`, with a timeout (the SDK's never fires, and it drops socket errors);
// - `_getToken` uses a TokenBuilder of this client's own (linkhub's module-level one is shared by every key in the
//   process) whose `httpRequest` sends the SDK's signed token request to the LinkHub auth URL.
// Signing (LinkHub HMAC), scopes, paths, X-HTTP-Method-Override and bodies stay the SDK's.
import { TokenBuilder } from 'linkhub';
import TaxinvoiceService from 'popbill/lib/TaxinvoiceService';
import { z } from 'zod';
import { DEFAULT_TIMEOUT_MS } from '../http';
import { POPBILL_CODES, PopbillReplyError, popbillError } from './errors';
import type { PopbillIssueResponse, PopbillTaxinvoice, PopbillTaxinvoiceInfo } from './types';

export interface PopbillClientOptions {
  /** https://popbill.linkhub.co.kr (production), https://popbill-test.linkhub.co.kr (test bed), or the sandbox. */
  baseUrl: string;
  linkId: string;
  /** LinkHub secret key (base64). */
  secretKey: string;
  /** The Popbill member's business registration number (10 digits): the seller. */
  corpNum: string;
  timeoutMs?: number;
}

const LINKHUB_AUTH = 'https://auth.linkhub.co.kr';

/** LinkHub's auth host for Popbill's own hosts; any other base URL (the sandbox, a proxy) serves both. */
export function authUrlFor(baseUrl: string): string {
  return new URL(baseUrl).hostname.endsWith('.linkhub.co.kr') ? LINKHUB_AUTH : baseUrl.replace(/\/+$/, '');
}

/** Only Popbill's production hosts take real (charged, NTS-filed) invoices: everything else is the test bed. */
export function isTestBed(baseUrl: string): boolean {
  return !['popbill.linkhub.co.kr', 'static-popbill.linkhub.co.kr', 'ga-popbill.linkhub.co.kr'].includes(new URL(baseUrl).hostname);
}

const TOKEN = z.object({ session_token: z.string(), expiration: z.string() }).passthrough();
const ISSUE = z.object({ code: z.number(), message: z.string(), ntsConfirmNum: z.string().optional() }).passthrough();
const INFO = z.object({
  itemKey: z.string(),
  stateCode: z.number(),
  invoicerMgtKey: z.string(),
  ntsconfirmNum: z.string().nullish(),
  ntsresult: z.string().nullish(),
  issueDT: z.string().nullish(),
  supplyCostTotal: z.string(),
  taxTotal: z.string(),
  writeDate: z.string(),
}).passthrough();
const RESULT = z.object({ code: z.number(), message: z.string() }).passthrough();

type Token = z.infer<typeof TOKEN>;

export class PopbillClient {
  private readonly sdk: TaxinvoiceService;
  private readonly apiBase: string;
  private readonly authBase: string;
  private readonly timeoutMs: number;
  private token: Token | null = null;
  private pendingToken: Promise<Token> | null = null;

  constructor(private readonly options: PopbillClientOptions) {
    this.apiBase = options.baseUrl.replace(/\/+$/, '');
    this.authBase = authUrlFor(options.baseUrl);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const builder = TokenBuilder({ LinkID: options.linkId, SecretKey: options.secretKey, UseLocalTimeYN: true });
    builder.httpRequest = (data, request) => (success, error) => {
      void this.send(this.authBase, request, data ?? undefined).then(success, error);
    };
    this.sdk = new TaxinvoiceService({ LinkID: options.linkId, SecretKey: options.secretKey, IsTest: isTestBed(options.baseUrl), IPRestrictOnOff: true });
    const sdk = this.sdk;
    sdk._getToken = () => (success, error) => {
      void this.sessionToken(() => builder.newToken(sdk.ServiceID, options.corpNum, sdk._getScopes(), null, false, false))
        .then(success, error ?? (() => undefined));
    };
    sdk._makeRequest = (request, success, error) => {
      const chunks: string[] = [];
      return {
        write: (chunk) => void chunks.push(String(chunk)),
        end: () => void this.send(this.apiBase, request, chunks.length ? chunks.join('') : undefined).then(success, error),
      };
    };
  }

  /** RegistIssue (즉시발행): stores and issues the invoice in one call; the answer carries the 국세청 승인번호. */
  async registIssue(invoice: PopbillTaxinvoice): Promise<PopbillIssueResponse> {
    const raw = await this.call(`issue Popbill tax invoice ${invoice.invoicerMgtKey}`, (ok, fail) =>
      this.sdk.registIssue(this.options.corpNum, invoice, false, false, '', '', '', '', ok, fail));
    return ISSUE.parse(raw);
  }

  /** GetInfo of our (SELL) management key; null when Popbill has no invoice under it. */
  async getInfo(mgtKey: string): Promise<PopbillTaxinvoiceInfo | null> {
    try {
      const raw = await this.call(`read Popbill tax invoice ${mgtKey}`, (ok, fail) =>
        this.sdk.getInfo(this.options.corpNum, 'SELL', mgtKey, '', ok, fail));
      const info = INFO.parse(raw);
      return { ...info, ntsconfirmNum: info.ntsconfirmNum ?? null, ntsresult: info.ntsresult ?? null, issueDT: info.issueDT ?? null };
    } catch (error) {
      if ((POPBILL_CODES.NOT_FOUND as readonly number[]).includes(Number((error as { providerCode?: string }).providerCode))) return null;
      throw error;
    }
  }

  /** CancelIssue (발행취소) of an issued invoice not yet filed to the NTS: Popbill's `{ code: 1, message }`. */
  async cancelIssue(mgtKey: string, memo: string): Promise<{ code: number; message: string }> {
    const raw = await this.call(`cancel Popbill tax invoice ${mgtKey}`, (ok, fail) =>
      this.sdk.cancelIssue(this.options.corpNum, 'SELL', mgtKey, memo, '', ok, fail));
    return RESULT.parse(raw);
  }

  private sessionToken(request: () => (success: (token: unknown) => void, error: (error: unknown) => void) => unknown): Promise<Token> {
    // LinkHub tokens last an hour (README "Auth"): reuse one until a minute before it expires.
    if (this.token && Date.parse(this.token.expiration) - 60_000 > Date.now()) return Promise.resolve(this.token);
    this.pendingToken ??= new Promise<unknown>((resolve, reject) => void request()(resolve, reject))
      .then((raw) => (this.token = TOKEN.parse(raw)))
      .finally(() => { this.pendingToken = null; });
    return this.pendingToken;
  }

  private call(what: string, run: (ok: (value: unknown) => void, fail: (error: unknown) => void) => void): Promise<unknown> {
    return new Promise<unknown>((resolve, reject) => run(resolve, reject)).catch((error: unknown) => {
      throw popbillError(error, what, this.options.secretKey);
    });
  }

  /** One request the SDK built, sent to `base` + its path; a non-200 answer rejects with `{ status, code, message }`. */
  private async send(base: string, request: { path: string; method: string; headers: Record<string, string> }, body: string | undefined): Promise<unknown> {
    const headers = { ...request.headers };
    delete headers['Accept-Encoding']; // fetch negotiates and decodes compression itself
    const response = await fetch(base + request.path, { method: request.method, headers, body, signal: AbortSignal.timeout(this.timeoutMs) });
    const text = await response.text();
    let parsed: unknown;
    try { parsed = JSON.parse(text); } catch { parsed = undefined; }
    if (response.status === 200 && parsed !== undefined) return parsed;
    const failure = (parsed ?? {}) as { code?: unknown; message?: unknown };
    throw new PopbillReplyError(
      response.status,
      typeof failure.code === 'number' ? failure.code : undefined,
      typeof failure.message === 'string' ? failure.message : parsed === undefined ? 'a body that is not JSON' : undefined,
    );
  }
}
