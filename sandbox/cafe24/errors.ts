// Cafe24's two error shapes (providers/cafe24/README.md "Error body"): Admin API errors are wrapped in `error`,
// the OAuth endpoints answer the RFC 6749 `{error, error_description}` pair.
import { json, type Reply } from '../http';

export function adminError(status: number, message: string): Reply {
  return json(status, { error: { code: status, message, more_info: {} } });
}

export function oauthError(status: number, error: string, description: string): Reply {
  return json(status, { error, error_description: description });
}
