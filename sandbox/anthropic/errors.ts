// Anthropic's error object (providers/anthropic/README.md "Errors"):
// `{"type": "error", "error": {"type": "...", "message": "..."}, "request_id": "req_..."}`, with the same id in the
// `request-id` header (added by the module's onReply).
import { json, type Reply } from '../http';

export function anthropicError(status: number, type: string, message: string, headers?: Record<string, string>): Reply {
  return json(status, { type: 'error', error: { type, message }, request_id: null }, headers);
}

export const invalidRequest = (message: string) => anthropicError(400, 'invalid_request_error', message);
export const authenticationError = () => anthropicError(401, 'authentication_error', 'invalid x-api-key');
export const notFoundError = (path: string) => anthropicError(404, 'not_found_error', `Not found: ${path}`);
export const overloadedError = () => anthropicError(529, 'overloaded_error', 'Overloaded');
