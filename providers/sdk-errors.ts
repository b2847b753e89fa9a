// The one mapping of an official LLM SDK's failure to a ProviderError. The LLM clients' SDKs come from the same
// generator (Stainless): the same error classes, so only the reading of a refused request differs per provider
// (each client's errors.ts passes it in).
import { ProviderError, type ProviderErrorKind, type ProviderName } from './errors';

type ErrorClass = abstract new (...args: never[]) => Error;

/** The error classes every Stainless SDK exports. */
export interface SdkErrorClasses {
  APIConnectionTimeoutError: ErrorClass;
  APIConnectionError: ErrorClass;
  APIUserAbortError: ErrorClass;
  APIError: ErrorClass;
}

/** What a provider reads from a refused request (an APIError with an HTTP status). */
export interface RefusalReading {
  kind: ProviderErrorKind;
  providerCode?: string;
  retryAfterMs?: number;
  /** The account is out of quota or past its spend limit (ProviderError.accountSpent). */
  accountSpent?: boolean;
  /** The provider's own words, quoted in the message unless the refusal is about the key. */
  providerMessage?: string;
}

export interface SdkErrorMapping {
  provider: ProviderName;
  /** The provider as people write it, for messages. */
  display: string;
  classes: SdkErrorClasses;
  readRefusal(error: Error & { status: number; code?: unknown; error?: unknown; headers?: unknown }): RefusalReading;
}

export function sdkError(mapping: SdkErrorMapping, error: unknown, what: string, apiKey: string): ProviderError {
  const { provider, display, classes } = mapping;
  if (error instanceof ProviderError) return error;
  // Checked before APIConnectionError, of which it is a subclass.
  if (error instanceof classes.APIConnectionTimeoutError) {
    return new ProviderError({ provider, kind: 'timeout', message: `${what} timed out waiting for ${display}`, cause: error });
  }
  if (error instanceof classes.APIConnectionError || error instanceof classes.APIUserAbortError) {
    return new ProviderError({ provider, kind: 'network', message: `${what} failed: could not reach ${display}`, cause: error, secrets: [apiKey] });
  }
  const status = error instanceof classes.APIError ? (error as { status?: unknown }).status : undefined;
  if (typeof status === 'number') {
    const reading = mapping.readRefusal(error as Error & { status: number });
    const { kind, providerCode, providerMessage } = reading;
    return new ProviderError({
      provider, kind, status, providerCode, retryAfterMs: reading.retryAfterMs, accountSpent: reading.accountSpent,
      // A 401 may quote part of the key ("sk-abc***xyz"): for auth failures say nothing the provider wrote.
      message: `${what} failed: ${display} answered ${status}${providerCode ? ` ${providerCode}` : ''}${kind !== 'auth' && providerMessage ? ` (${providerMessage})` : ''}`,
      secrets: [apiKey],
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError({ provider, kind: 'server', message: `${what} failed: ${message}`, cause: error, secrets: [apiKey] });
}
