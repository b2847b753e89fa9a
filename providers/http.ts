// The one place provider clients touch the network: JSON over Node's global fetch with a hard timeout,
// turning "no answer" into a typed ProviderError. HTTP error statuses are returned, not thrown, because
// each provider spells its errors differently and its client maps them.
import { ProviderError, type ProviderName } from './errors';

export const DEFAULT_TIMEOUT_MS = 10_000;

export interface ProviderRequest {
  provider: ProviderName;
  /** Readable name of the operation for error messages, e.g. "list the mall's orders". */
  what: string;
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  headers?: Record<string, string>;
  /** An object is sent as JSON; URLSearchParams as a form. */
  body?: unknown;
  timeoutMs?: number;
  /** 'manual' keeps a 302 as the response (the OAuth authorize step reads its Location). */
  redirect?: 'follow' | 'manual';
  /** Credentials in this request, masked out of any error message. */
  secrets?: ReadonlyArray<string | undefined | null>;
}

export interface ProviderResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined when the body was empty or not JSON. */
  json: unknown;
  text: string;
}

export async function providerFetch(request: ProviderRequest): Promise<ProviderResponse> {
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  let body: string | undefined;
  if (request.body instanceof URLSearchParams) {
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
    body = request.body.toString();
  } else if (request.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(request.body);
  }
  try {
    const response = await fetch(request.url, {
      method: request.method ?? 'GET',
      headers,
      body,
      redirect: request.redirect ?? 'follow',
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Reading the body is still covered by the same signal, so a stalled body also times out.
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: parseJson(text), text };
  } catch (error) {
    throw transportError(request, timeoutMs, error);
  }
}

function parseJson(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function transportError(request: ProviderRequest, timeoutMs: number, error: unknown): ProviderError {
  const name = (error as { name?: string } | null)?.name;
  // The host only: query strings can carry keys (some trackers send their key there).
  const host = safeHost(request.url);
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new ProviderError({
      provider: request.provider,
      kind: 'timeout',
      message: `${request.what} timed out after ${timeoutMs} ms waiting for ${host}`,
      secrets: request.secrets,
    });
  }
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  const reason = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new ProviderError({
    provider: request.provider,
    kind: 'network',
    message: `${request.what} failed: could not reach ${host} (${reason})`,
    cause: error,
    secrets: request.secrets,
  });
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the provider';
  }
}

/** Reads a header holding a number of seconds (Retry-After style) as milliseconds. */
export function secondsHeaderMs(headers: Headers, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : undefined;
}
