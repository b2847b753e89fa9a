// One error type for every provider client, so the key resolver and the subgraphs can decide by `kind`
// (retry, rotate the key, fail the one order) without knowing each provider's wire format.

import type { ProviderName } from './registry';

/** A provider's lower-case name (providers/registry.ts). */
export type { ProviderName };

export type ProviderErrorKind = 'rate_limited' | 'auth' | 'not_found' | 'bad_request' | 'server' | 'timeout' | 'network';

export interface ProviderErrorInit {
  provider: ProviderName;
  kind: ProviderErrorKind;
  /** What failed, in readable words. Credentials listed in `secrets` are masked out of it. */
  message: string;
  status?: number;
  providerCode?: string;
  retryAfterMs?: number;
  /** The provider says the account itself is spent (not a rate limit): waiting will not heal the key. */
  accountSpent?: boolean;
  cause?: unknown;
  /** Credentials used by the failed request: a provider may echo them back in its own error text. */
  secrets?: ReadonlyArray<string | undefined | null>;
}

export class ProviderError extends Error {
  readonly provider: ProviderName;
  readonly kind: ProviderErrorKind;
  readonly status?: number;
  readonly providerCode?: string;
  readonly retryAfterMs?: number;
  readonly accountSpent?: boolean;

  constructor(init: ProviderErrorInit) {
    super(redactSecrets(init.message, init.secrets ?? []), init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ProviderError';
    this.provider = init.provider;
    this.kind = init.kind;
    if (init.status !== undefined) this.status = init.status;
    if (init.providerCode !== undefined) this.providerCode = init.providerCode;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.accountSpent) this.accountSpent = true;
  }
}

export function isProviderError(error: unknown): error is ProviderError {
  return error instanceof ProviderError;
}

/** Masks every listed credential (and its base64 form, as sent in Basic headers) wherever it appears. */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined | null>): string {
  let out = text;
  for (const secret of secrets) {
    // Very short values would mask ordinary words; real credentials are long.
    if (!secret || secret.length < 6) continue;
    for (const form of [secret, Buffer.from(secret).toString('base64')]) out = out.split(form).join('[redacted]');
  }
  return out;
}

/** The generic HTTP status reading; each client refines it with the provider's own codes. */
export function kindForStatus(status: number): ProviderErrorKind {
  if (status === 429) return 'rate_limited';
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not_found';
  if (status === 408 || status === 504) return 'timeout';
  if (status >= 500) return 'server';
  return 'bad_request';
}

/** The standard Retry-After header (seconds, or an HTTP date) in ms; undefined when it is absent or unreadable. */
export function retryAfterHeaderMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const retryAfter = headers?.get('retry-after');
  if (!retryAfter) return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(retryAfter);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
