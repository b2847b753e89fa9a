// Popbill / LinkHub refusals, providers/popbill/README.md ("Errors"): every failure is a non-200 answer whose body is
// `{ code, message }` with a negative 8-digit code (-99999999 from the SDK itself for a failed connection).
import { ProviderError, kindForStatus, type ProviderErrorKind } from '../errors';

/** The codes opsgraph tells apart (Popbill's error-code tables, README "Errors"). */
export const POPBILL_CODES = {
  /** 세금계산서 정보가 존재하지 않습니다 / 문서번호가 존재하지 않습니다. */
  NOT_FOUND: [-11000000, -11000005],
  /** LinkHub token refused: an unknown LinkID, a bad signature or an expired token (UNVERIFIED numbers, README). */
  AUTH: [-99010001, -99010002, -99010003, -99010004, -99010005, -99010006, -99010007],
  /** The SDK's own code for a failed connection (linkhub TokenBuilder, BaseService._throwError). */
  NETWORK: -99999999,
} as const;

export function popbillKind(status: number, code: number | string | undefined): ProviderErrorKind {
  const n = Number(code);
  if (status === 429) return 'rate_limited';
  if (status === 401 || (POPBILL_CODES.AUTH as readonly number[]).includes(n)) return 'auth';
  if ((POPBILL_CODES.NOT_FOUND as readonly number[]).includes(n)) return 'not_found';
  if (n === POPBILL_CODES.NETWORK) return 'network';
  // Popbill answers its documented refusals of a document (-11xxxxxx) with 400 (README "Errors").
  if (status === 400 || (n <= -11000000 && n > -12000000)) return 'bad_request';
  return kindForStatus(status);
}

/** A non-200 answer of Popbill or LinkHub: its status and the body's `{ code, message }`. */
export class PopbillReplyError extends Error {
  constructor(readonly status: number, readonly code: number | undefined, readonly detail: string | undefined) {
    super(`HTTP ${status}`);
  }
}

/** Any failure of an SDK call as a ProviderError; the secret never reaches the message. */
export function popbillError(error: unknown, what: string, secret: string): ProviderError {
  if (error instanceof ProviderError) return error;
  // The SDK refuses bad arguments itself with `{ code: -99999999, message }` before sending anything.
  const failure = error instanceof PopbillReplyError ? { status: error.status, code: error.code, message: error.detail }
    : error instanceof Error ? error
      : { status: 400, code: Number((error as { code?: unknown })?.code) || undefined, message: String((error as { message?: unknown })?.message ?? '') };
  if (failure instanceof Error) {
    const timeout = failure.name === 'TimeoutError' || failure.name === 'AbortError';
    return new ProviderError({
      provider: 'popbill', kind: timeout ? 'timeout' : 'network', cause: failure,
      message: `${what} failed: ${failure.message}`, secrets: [secret],
    });
  }
  const kind = popbillKind(failure.status, failure.code);
  return new ProviderError({
    provider: 'popbill', kind, status: failure.status,
    providerCode: failure.code === undefined ? undefined : String(failure.code),
    retryAfterMs: kind === 'rate_limited' ? 1000 : undefined,
    message: `${what} failed: Popbill answered ${failure.code ?? failure.status}${failure.message ? ` (${failure.message})` : ''}`,
    secrets: [secret],
  });
}
