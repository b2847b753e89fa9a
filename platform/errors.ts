// The error codes of docs/contract.md, one enum, and small constructors pairing a code with a readable reason.
// Resolvers throw these; the gateway masks anything else as INTERNAL_SERVER_ERROR outside development.
import { GraphQLError } from 'graphql';

export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  GRAPHQL_VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED',
  PERSISTED_QUERY_NOT_FOUND = 'PERSISTED_QUERY_NOT_FOUND',
  PERSISTED_QUERY_REQUIRED = 'PERSISTED_QUERY_REQUIRED',
  RATE_LIMITED = 'RATE_LIMITED',
  QUOTA_EXHAUSTED = 'QUOTA_EXHAUSTED',
  NO_PROVIDER_KEY = 'NO_PROVIDER_KEY',
  PROVIDER_UNAVAILABLE = 'PROVIDER_UNAVAILABLE',
  OPERATION_TOO_COMPLEX = 'OPERATION_TOO_COMPLEX',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

export const ERROR_CODES = new Set<string>(Object.values(ErrorCode));

function error(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

export const unauthenticated = (reason: string) => error(ErrorCode.UNAUTHENTICATED, reason);
export const forbidden = (reason: string) => error(ErrorCode.FORBIDDEN, reason);
export const badUserInput = (reason: string, field?: string) =>
  error(ErrorCode.BAD_USER_INPUT, reason, field ? { field } : {});
export const notFound = (what: string, id: string) => error(ErrorCode.BAD_USER_INPUT, `${what} "${id}" does not exist`);
export const noProviderKey = (provider: string) =>
  error(ErrorCode.NO_PROVIDER_KEY, `No usable ${provider} key for this tenant or in the shared pool`, { provider });
export const quotaExhausted = (provider: string, resetAt: Date) =>
  error(ErrorCode.QUOTA_EXHAUSTED, `Every ${provider} key has used its quota until ${resetAt.toISOString()}`, {
    provider,
    resetAt: resetAt.toISOString(),
  });
export const rateLimited = (what: string, retryAfterSeconds: number) =>
  error(ErrorCode.RATE_LIMITED, `${what} is rate limited; retry after ${retryAfterSeconds}s`, {
    retryAfter: retryAfterSeconds,
  });
export const providerUnavailable = (provider: string, reason: string) =>
  error(ErrorCode.PROVIDER_UNAVAILABLE, `${provider} is unavailable: ${reason}`, { provider });
export const internal = (reason: string) => error(ErrorCode.INTERNAL_SERVER_ERROR, reason);
/** `limit` names the limit (depth, aliases, …); HTTP 400, as a refused request never reaches execution. */
export const operationTooComplex = (reason: string, limit: string, max: number) =>
  error(ErrorCode.OPERATION_TOO_COMPLEX, reason, { limit, max, http: { status: 400 } });
