// Anthropic API, providers/anthropic/README.md (Authentication, Messages, Tool use, Models, Rate limits, Errors).
// Served at `{sandbox}/anthropic`, so an SDK's baseURL is `{sandbox}/anthropic` (real `https://api.anthropic.com`).
import { json, type ProviderAdapter, type Reply, type SandboxRequest } from '../http';
import { stableId } from '../prng';
import type { SandboxModule } from '../modules';
import type { SandboxState } from '../state';
import { anthropicStore } from './store';
import { DEMO_ANTHROPIC_CREDENTIALS } from './demo';
import { createMessage } from './messages';
import { authenticationError, invalidRequest, notFoundError, overloadedError } from './errors';
import { overLimit, rateLimitHeaders, rateLimitReply } from './ratelimit';

const MODELS = [
  { id: 'claude-sonnet-4-20250514', display_name: 'Claude Sonnet 4', created_at: '2025-05-22T00:00:00Z' },
  { id: 'claude-3-5-haiku-20241022', display_name: 'Claude Haiku 3.5', created_at: '2024-10-22T00:00:00Z' },
];

const header = (req: SandboxRequest, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** `x-api-key` first (401 authentication_error), then the required `anthropic-version` (400). */
function authorized(state: SandboxState, handler: (req: SandboxRequest) => Reply) {
  return (req: SandboxRequest): Reply => {
    const key = header(req, 'x-api-key');
    if (!key || !anthropicStore(state).keys.has(key)) return authenticationError();
    const version = header(req, 'anthropic-version');
    if (!version) return invalidRequest('anthropic-version: header is required');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(version)) return invalidRequest(`anthropic-version: invalid version "${version}"`);
    if (overLimit(state, key)) return rateLimitReply(state, key);
    return handler(req);
  };
}

function listModels(): Reply {
  const data = MODELS.map((model) => ({ type: 'model', ...model }));
  return json(200, { data, has_more: false, first_id: data[0].id, last_id: data[data.length - 1].id });
}

export function anthropicAdapter(state: SandboxState): ProviderAdapter {
  let requestSeq = 0;
  return {
    provider: 'anthropic',
    base: '/anthropic',
    routes: [
      { method: 'POST', path: '/v1/messages', handle: authorized(state, createMessage) },
      { method: 'GET', path: '/v1/models', handle: authorized(state, () => listModels()) },
    ],
    credentialOf: (req) => header(req, 'x-api-key'),
    faultReply(kind, req) {
      if (kind === 'rate_limit') return rateLimitReply(state, header(req, 'x-api-key') ?? '');
      // Anthropic's own 5xx: 529 overloaded_error (README "Errors").
      if (kind === 'server_error') return overloadedError();
      return authenticationError();
    },
    notFound: (req) => notFoundError(req.path),
    onReply(reply, req) {
      const requestId = `req_${stableId(`${++requestSeq}:${req.body}`, 24)}`;
      const key = header(req, 'x-api-key') ?? '';
      const limits = reply.status === 200 && anthropicStore(state).keys.has(key) ? rateLimitHeaders(state, key, reply) : {};
      // The error body carries the request id too.
      const body = reply.json as { type?: unknown; request_id?: unknown } | undefined;
      const withId = body?.type === 'error' ? { ...reply, json: { ...body, request_id: requestId } } : reply;
      return { ...withId, headers: { 'request-id': requestId, 'anthropic-organization-id': 'org-sandbox', ...limits, ...reply.headers } };
    },
  };
}

export const anthropicModule: SandboxModule<typeof DEMO_ANTHROPIC_CREDENTIALS> = {
  provider: 'anthropic',
  credentialFields: ['apiKey'],
  demoCredentials: DEMO_ANTHROPIC_CREDENTIALS,
  demoKeyByDefault: false,
  registerCredentials: (state, { apiKey }) => void anthropicStore(state).keys.add(apiKey),
  adapter: anthropicAdapter,
  seed: (state) => anthropicModule.registerCredentials(state, { ...DEMO_ANTHROPIC_CREDENTIALS }),
  reset: (state) => anthropicStore(state).windows.clear(),
};
