// 11st answers in EUC-KR (providers/elevenst/README.md "Auth"), and `providerFetch` decodes every body as UTF-8, which
// turns Hangul into U+FFFD before anyone can read it. This is the same hard-timeout fetch, returning the
// body decoded from the charset the response names (EUC-KR when it names none).
import iconv from 'iconv-lite';
import { ProviderError } from '../errors';
import { DEFAULT_TIMEOUT_MS } from '../http';

export interface EucKrRequest {
  what: string;
  url: string;
  headers: Record<string, string>;
  /** GET unless said; a body is sent as EUC-KR XML, as 11st reads request bodies. */
  method?: 'GET' | 'POST' | 'PUT';
  body?: string;
  timeoutMs?: number;
  secrets: ReadonlyArray<string>;
}

export interface EucKrResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** The charset of a content-type header, if iconv-lite knows it; 11st's default otherwise. */
export function charsetOf(contentType: string | null): string {
  const named = /charset\s*=\s*"?([\w-]+)"?/i.exec(contentType ?? '')?.[1];
  return named && iconv.encodingExists(named) ? named : 'euc-kr';
}

export async function fetchEucKr(request: EucKrRequest): Promise<EucKrResponse> {
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  try {
    const body = request.body === undefined ? undefined : iconv.encode(request.body, 'euc-kr');
    const headers = body ? { ...request.headers, 'content-type': 'text/xml; charset=euc-kr' } : request.headers;
    const response = await fetch(request.url, { method: request.method ?? 'GET', headers, body, signal: AbortSignal.timeout(timeoutMs) });
    // Reading the body is covered by the same signal, so a stalled body also times out.
    const bytes = Buffer.from(await response.arrayBuffer());
    return { status: response.status, headers: response.headers, text: iconv.decode(bytes, charsetOf(response.headers.get('content-type'))) };
  } catch (error) {
    const name = (error as { name?: string } | null)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw new ProviderError({ provider: 'elevenst', kind: 'timeout', message: `${request.what} timed out after ${timeoutMs} ms`, secrets: request.secrets });
    }
    const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
    const reason = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
    throw new ProviderError({
      provider: 'elevenst',
      kind: 'network',
      message: `${request.what} failed: could not reach 11st (${reason})`,
      cause: error,
      secrets: request.secrets,
    });
  }
}
