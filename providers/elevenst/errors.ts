// How 11st refuses, providers/elevenst/README.md "HTTP status on errors" and "Rate limit": clients observe HTTP 200 with a
// negative result_code (UNVERIFIED whether other statuses occur), and overload as the general open-API
// `004 overedTraffic` reply (UNVERIFIED for the seller API).
import { ProviderError, kindForStatus, type ProviderErrorKind } from '../errors';
import type { ElevenstAnswer } from './parse';

/** UNVERIFIED: the result_code of a missing or unknown openapikey. */
export const INVALID_KEY_CODE = -100;
/** Its text is checked too, since the code itself is a guess: a key refusal must never look retryable. */
const KEY_TEXT = /openapikey|api\s*key|인증키/i;
export const OVERED_TRAFFIC_CODE = '004';
/** 11st gives no Retry-After; the limit is 5 calls per second, so one second empties the window. */
export const OVERLOAD_BACKOFF_MS = 1000;

export interface FailedAnswer {
  what: string;
  status: number;
  answer: ElevenstAnswer;
  secrets: ReadonlyArray<string>;
}

const fail = (init: { kind: ProviderErrorKind; message: string; status: number; providerCode?: string; retryAfterMs?: number }, secrets: ReadonlyArray<string>) =>
  new ProviderError({ provider: 'elevenst', ...init, secrets });

/** A negative result_code: a key refusal (never retryable) or a refused request. */
export function elevenstResultKind(code: number, text: string): ProviderErrorKind {
  return code === INVALID_KEY_CODE || KEY_TEXT.test(text) ? 'auth' : 'bad_request';
}

/** The error for an answer that is not a success; undefined when it is one. */
export function elevenstError({ what, status, answer, secrets }: FailedAnswer): ProviderError | undefined {
  if (status !== 200) return fail({ kind: kindForStatus(status), status, message: `${what} failed: 11st answered HTTP ${status}` }, secrets);
  switch (answer.kind) {
    case 'openApiError': {
      const overload = answer.code === OVERED_TRAFFIC_CODE;
      return fail({
        kind: overload ? 'rate_limited' : 'bad_request', status, providerCode: answer.code,
        retryAfterMs: overload ? OVERLOAD_BACKOFF_MS : undefined,
        message: `${what} failed: 11st answered ${answer.code} ${answer.message}`,
      }, secrets);
    }
    case 'orders':
    case 'result': {
      const code = answer.resultCode;
      if (code === undefined || code >= 0) return undefined;
      const text = answer.resultText ?? '';
      const kind = elevenstResultKind(code, text);
      return fail({ kind, status, providerCode: String(code), message: `${what} failed: 11st answered result_code ${code}${text ? ` (${text})` : ''}` }, secrets);
    }
    case 'unknown':
      return fail({ kind: 'server', status, message: `${what} failed: 11st answered with a body that is not one of its XML answers` }, secrets);
  }
}
