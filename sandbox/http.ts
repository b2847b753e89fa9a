// The sandbox's own tiny HTTP vocabulary: a provider module is a list of routes written with the real
// provider's path templates, plus hooks that give the provider's own shape to failures (graphql-ws style
// adapters). Handlers return a Reply value instead of writing to the socket, so they stay easy to test.
import type { IncomingHttpHeaders } from 'node:http';
import type { ReplyFaultKind } from './faults';
import type { ProviderName } from './state';

export interface SandboxRequest {
  method: string;
  /** Path after the provider's base URL, i.e. the real provider's path. */
  path: string;
  /** Values of `{name}` segments in the base and route templates. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The query string exactly as sent, without `?` (signatures over the wire bytes need it undecoded). */
  rawQuery?: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as JSON unless `text` is given. */
  json?: unknown;
  text?: string;
  contentType?: string;
}

export interface ProviderRoute {
  method: 'GET' | 'POST' | 'PUT';
  /** The real provider's path template, e.g. `/v1/payments/orders/{orderId}`; also the counter key. */
  path: string;
  handle(req: SandboxRequest): Reply;
}

export interface ProviderAdapter {
  provider: ProviderName;
  /** Template of the base URL path inside the sandbox, e.g. `/<provider>/{mall_id}`. */
  base: string;
  routes: ProviderRoute[];
  /** The secret that authenticates this call, as presented (counted by its last 4 characters). */
  credentialOf(req: SandboxRequest): string | undefined;
  /** The provider's own reply to an injected fault. */
  faultReply(kind: ReplyFaultKind, req: SandboxRequest): Reply;
  notFound(req: SandboxRequest): Reply;
  /** Runs on every reply of this provider (headers the real one always sends). */
  onReply?(reply: Reply, req: SandboxRequest): Reply;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return { status, json: body, headers };
}

const PARAM = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Compiles `/a/{x}/b` into a matcher; `prefixOnly` also matches longer paths and returns the rest. */
export function compileTemplate(template: string, prefixOnly = false) {
  const names: string[] = [];
  const source = template
    .split(PARAM)
    .map((part, i) => (i % 2 === 1 ? (names.push(part), '([^/]+)') : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('');
  const regex = new RegExp(prefixOnly ? `^${source}(/.*)?$` : `^${source}$`);
  return (path: string): { params: Record<string, string>; rest: string } | undefined => {
    const match = regex.exec(path);
    if (!match) return undefined;
    const params: Record<string, string> = {};
    names.forEach((name, i) => (params[name] = decodeURIComponent(match[i + 1])));
    return { params, rest: prefixOnly ? (match[names.length + 1] ?? '') : '' };
  };
}

/** `Authorization: Basic xxx` → decoded text, or undefined when the scheme is not Basic. */
export function decodeBasic(header: string | undefined): string | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  return match ? Buffer.from(match[1], 'base64').toString('utf8') : undefined;
}

export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
}

export function parseJsonObject(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
