// AfterShip Tracking API (versioned), providers/aftership/README.md (Base URL, Create, Get, Envelope, Rate limit, Error body).
// Served at `{sandbox}/aftership`, standing in for `https://api.aftership.com`: paths are `/tracking/{version}/…`.
import type { ProviderAdapter, Reply, SandboxRequest } from '../http';
import type { SandboxModule } from '../modules';
import type { SandboxState } from '../state';
import { DEMO_AFTERSHIP_CREDENTIALS } from './demo';
import { internalError, unauthorized, uriNotFound } from './envelope';
import { endpointOf, rateLimitHeaders, takeCall, tooManyRequests } from './ratelimit';
import { seedTrackings } from './seed';
import { afterShipStore } from './store';
import { createTracking, getTracking, listTrackings } from './trackings';

/**
 * Released versions: quarterly to 2025-07 (changelog), twice yearly since (2026-01; 2026-07 is the one the
 * official Node SDK v17 pins). Any other `{version}` is a path AfterShip does not serve.
 */
export const API_VERSIONS = ['2024-01', '2024-04', '2024-07', '2024-10', '2025-01', '2025-04', '2025-07', '2026-01', '2026-07'];

const header = (req: SandboxRequest, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** Version, then key, then the endpoint's budget: the order in which the gateway turns calls away. */
function versioned(state: SandboxState, handler: (state: SandboxState, req: SandboxRequest) => Reply) {
  return (req: SandboxRequest): Reply => {
    if (!API_VERSIONS.includes(req.params.version)) return uriNotFound();
    // The versioned API dropped the legacy `aftership-api-key` header: a key sent that way is no key.
    const key = header(req, 'as-api-key');
    if (!key || !afterShipStore(state).keys.has(key)) return unauthorized();
    const endpoint = endpointOf(req.method, req.path);
    if (endpoint && !takeCall(state, key, endpoint)) return tooManyRequests(state, endpoint);
    return handler(state, req);
  };
}

function adapter(state: SandboxState): ProviderAdapter {
  return {
    provider: 'aftership',
    base: '/aftership',
    routes: [
      { method: 'POST', path: '/tracking/{version}/trackings', handle: versioned(state, createTracking) },
      { method: 'GET', path: '/tracking/{version}/trackings', handle: versioned(state, listTrackings) },
      { method: 'GET', path: '/tracking/{version}/trackings/{id}', handle: versioned(state, getTracking) },
    ],
    credentialOf: (req) => header(req, 'as-api-key') ?? header(req, 'aftership-api-key'),
    faultReply(kind, req) {
      if (kind === 'rate_limit') return tooManyRequests(state, endpointOf(req.method, req.path) ?? 'GET /trackings');
      if (kind === 'server_error') return internalError();
      return unauthorized();
    },
    notFound: () => uriNotFound(),
    onReply(reply, req) {
      const version = /^\/tracking\/([^/]+)\//.exec(req.path)?.[1];
      if (!version || !API_VERSIONS.includes(version)) return reply;
      const endpoint = endpointOf(req.method, req.path);
      const key = header(req, 'as-api-key') ?? '';
      // A reply that set its own budget headers (the 429s) keeps them.
      const budget = endpoint ? rateLimitHeaders(state, key, endpoint) : {};
      return { ...reply, headers: { 'as-api-version': version, ...budget, ...reply.headers } };
    },
  };
}

export const aftershipModule: SandboxModule<typeof DEMO_AFTERSHIP_CREDENTIALS> = {
  provider: 'aftership',
  demoCredentials: DEMO_AFTERSHIP_CREDENTIALS,
  demoKeyByDefault: false,
  credentialFields: ['apiKey'],
  registerCredentials(state, credentials) {
    const store = afterShipStore(state);
    store.keys.set(credentials.apiKey, credentials.webhookSecret || store.keys.get(credentials.apiKey));
  },
  adapter,
  marketplace: undefined, // AfterShip tracks parcels; it is no marketplace
  seed(state) {
    aftershipModule.registerCredentials(state, { ...DEMO_AFTERSHIP_CREDENTIALS });
    seedTrackings(state);
  },
  reset(state) {
    afterShipStore(state).windows.clear();
  },
};

export { DEMO_AFTERSHIP_CREDENTIALS } from './demo';
export { advanceTracking, buildWebhook, deliverWebhook, webhookSecretOf } from './webhooks';
export { afterShipStore, type StoredTracking } from './store';
