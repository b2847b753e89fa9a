// OpenAI's error object (providers/openai/README.md "Error body" and "Rate limit"): `{error: {message, type, param, code}}`.
import { json, type Reply } from '../http';

export function openaiError(status: number, message: string, type: string, param: string | null, code: string | null): Reply {
  return json(status, { error: { message, type, param, code } });
}

export const invalidRequest = (message: string, param: string | null) =>
  openaiError(400, message, 'invalid_request_error', param, null);

/** Keys are shown as OpenAI shows them in its 401: the start and the last four characters. */
export function invalidApiKey(presented: string | undefined): Reply {
  const message = presented
    ? `Incorrect API key provided: ${presented.slice(0, 7)}${'*'.repeat(Math.max(0, presented.length - 11))}${presented.slice(-4)}. You can find your API key at https://platform.openai.com/account/api-keys.`
    : "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). You can obtain an API key from https://platform.openai.com/account/api-keys.";
  return openaiError(401, message, 'invalid_request_error', null, 'invalid_api_key');
}

export function rateLimitExceeded(model: string, limit: number): Reply {
  return openaiError(
    429,
    `Rate limit reached for ${model} in organization org-sandbox on requests per min (RPM): Limit ${limit}, Used ${limit}, Requested 1. Please try again in 1.5s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
    'requests',
    null,
    'rate_limit_exceeded',
  );
}

export const serverError = () =>
  openaiError(500, 'The server had an error while processing your request. Sorry about that!', 'server_error', null, null);
