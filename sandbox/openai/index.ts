// OpenAI API, providers/openai/README.md (Base URL, Chat, Embeddings, Rate limit, Error body).
// Served at `{sandbox}/openai`, so an SDK's baseURL is `{sandbox}/openai/v1` (real `https://api.openai.com/v1`).
import { bearerToken, json, parseJsonObject, type ProviderAdapter, type Reply, type SandboxRequest } from '../http';
import { stableHex } from '../prng';
import type { SandboxModule } from '../modules';
import type { SandboxState } from '../state';
import { openaiStore } from './store';
import { DEMO_OPENAI_CREDENTIALS } from './demo';
import { chatCompletion } from './chat';
import { createEmbeddings } from './embeddings';
import { invalidApiKey, openaiError, rateLimitExceeded, serverError } from './errors';
import { rateLimitHeaders, REQUESTS_PER_MINUTE } from './ratelimit';

const MODELS = ['gpt-4o-mini', 'gpt-4o', 'text-embedding-3-small', 'text-embedding-3-large'];

function authorized(state: SandboxState, handler: (req: SandboxRequest) => Reply) {
  return (req: SandboxRequest): Reply => {
    const key = bearerToken(req.headers.authorization);
    return key && openaiStore(state).keys.has(key) ? handler(req) : invalidApiKey(key);
  };
}

function listModels(state: SandboxState): Reply {
  const created = Math.floor(state.clock.now() / 1000);
  return json(200, { object: 'list', data: MODELS.map((id) => ({ id, object: 'model', created, owned_by: 'system' })) });
}

export function openaiAdapter(state: SandboxState): ProviderAdapter {
  let requestSeq = 0;
  return {
    provider: 'openai',
    base: '/openai',
    routes: [
      { method: 'POST', path: '/v1/chat/completions', handle: authorized(state, (req) => chatCompletion(state, req)) },
      { method: 'POST', path: '/v1/embeddings', handle: authorized(state, createEmbeddings) },
      { method: 'GET', path: '/v1/models', handle: authorized(state, () => listModels(state)) },
    ],
    credentialOf: (req) => bearerToken(req.headers.authorization),
    faultReply(kind, req) {
      if (kind === 'rate_limit') {
        const model = parseJsonObject(req.body)?.model;
        const reply = rateLimitExceeded(typeof model === 'string' ? model : 'gpt-4o-mini', REQUESTS_PER_MINUTE);
        return { ...reply, headers: { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '1.5s' } };
      }
      if (kind === 'server_error') return serverError();
      return invalidApiKey(bearerToken(req.headers.authorization));
    },
    notFound: (req) => openaiError(404, `Invalid URL (${req.method} ${req.path})`, 'invalid_request_error', null, null),
    onReply(reply, req) {
      const key = bearerToken(req.headers.authorization) ?? '';
      const headers = {
        ...rateLimitHeaders(state, key, reply),
        'x-request-id': `req_${stableHex(`${++requestSeq}:${req.body}`, 32)}`,
        'openai-processing-ms': '1',
        'openai-version': '2020-10-01',
        ...reply.headers,
      };
      return { ...reply, headers };
    },
  };
}

export const openaiModule: SandboxModule<typeof DEMO_OPENAI_CREDENTIALS> = {
  provider: 'openai',
  credentialFields: ['apiKey'],
  demoCredentials: DEMO_OPENAI_CREDENTIALS,
  demoKeyByDefault: true,
  registerCredentials: (state, { apiKey }) => void openaiStore(state).keys.add(apiKey),
  adapter: openaiAdapter,
  seed: (state) => openaiModule.registerCredentials(state, { ...DEMO_OPENAI_CREDENTIALS }),
  reset: (state) => openaiStore(state).windows.clear(),
};
