// Every error a client sees carries a code of docs/contract.md. Apollo's own codes are mapped onto ours, and in
// production anything unexpected is masked: no message, no stack, only the request id to find the log line.
import type { GraphQLFormattedError } from 'graphql';
import { ERROR_CODES, ErrorCode } from '../platform/errors';

const APOLLO_CODES: Record<string, ErrorCode> = {
  GRAPHQL_PARSE_FAILED: ErrorCode.GRAPHQL_VALIDATION_FAILED,
  GRAPHQL_VALIDATION_FAILED: ErrorCode.GRAPHQL_VALIDATION_FAILED,
  BAD_REQUEST: ErrorCode.BAD_USER_INPUT,
  BAD_USER_INPUT: ErrorCode.BAD_USER_INPUT,
  PERSISTED_QUERY_NOT_FOUND: ErrorCode.PERSISTED_QUERY_NOT_FOUND,
  PERSISTED_QUERY_NOT_SUPPORTED: ErrorCode.PERSISTED_QUERY_NOT_FOUND,
  OPERATION_RESOLUTION_FAILURE: ErrorCode.GRAPHQL_VALIDATION_FAILED,
};

export function formatGatewayError(
  formatted: GraphQLFormattedError,
  options: { production: boolean; requestId?: string; limitRefusal?: boolean },
): GraphQLFormattedError {
  // Apollo re-codes every validation rule's error as GRAPHQL_VALIDATION_FAILED; an operation limit keeps its own.
  const raw = options.limitRefusal ? ErrorCode.OPERATION_TOO_COMPLEX : String(formatted.extensions?.code ?? '');
  const code = ERROR_CODES.has(raw) ? (raw as ErrorCode) : (APOLLO_CODES[raw] ?? ErrorCode.INTERNAL_SERVER_ERROR);
  // `response` is Apollo's copy of a failed subrequest: the subgraph's URL, status line and body.
  const { stacktrace: _stack, exception: _exception, serviceName: _service, response: _response, ...rest } = formatted.extensions ?? {};
  const extensions: Record<string, unknown> = { ...rest, code };
  if (options.requestId) extensions.requestId = options.requestId;
  // In every mode: an unexpected error's message is a subgraph's status line, a database's or Redis's words,
  // an internal URL. The log line found by the request id has them; development reads it there too.
  if (code === ErrorCode.INTERNAL_SERVER_ERROR) {
    return { message: 'Internal server error', path: formatted.path, extensions: { code, requestId: options.requestId } };
  }
  return { ...formatted, message: withoutInternalAddresses(formatted.message), extensions };
}

/** Addresses of this deployment (loopback, private ranges, bare service names) never reach a client. */
const INTERNAL_ADDRESS =
  /\b(?:[a-z][a-z0-9+.-]*:\/\/)?(?:localhost|127(?:\.\d{1,3}){3}|10(?:\.\d{1,3}){3}|192\.168(?:\.\d{1,3}){2}|172\.(?:1[6-9]|2\d|3[01])(?:\.\d{1,3}){2}|\[?::1\]?|[a-z][a-z0-9-]*)(?::\d{2,5})(?:\/[^\s"',)]*)?/gi;

export function withoutInternalAddresses(message: string): string {
  return message.replace(INTERNAL_ADDRESS, '[internal address]');
}
