// Cafe24 Admin API, providers/cafe24/README.md (Base URL, Auth code, Token, Calls, Orders, Products, Rate limit, Error body).
// Served at `{sandbox}/cafe24/{mall_id}`, standing in for `https://{mall_id}.cafe24api.com`.
import { bearerToken, type ProviderAdapter, type Reply, type SandboxRequest } from '../http';
import type { SandboxModule } from '../modules';
import { advanceOrders, createNewOrders } from '../orders';
import type { SandboxState } from '../state';
import { consentAsMallAdmin } from './browser';
import { cafe24Store, registerCafe24App } from './store';
import { DEMO_CAFE24_CREDENTIALS } from './demo';
import { BUCKET_CAPACITY, callLimitHeader, pourCall } from './bucket';
import { adminError } from './errors';
import { authorize, basicClientId, consent, token } from './oauth';
import { countOrders, getOrder, listOrders } from './orders';
import { countProducts, getProduct, listProducts, updateInventory } from './products';
import { createShipment, listCarriers } from './shipments';
import {
  collectCafe24Returns, createCancellations, createReturns, rejectCancellationRequests, rejectReturnRequests,
  requestCafe24Cancellations, requestCafe24Exchanges, requestCafe24Returns,
} from './claims';

const isAdmin = (req: SandboxRequest) => req.path.startsWith('/api/v2/admin/');
/** The scope an endpoint needs; the write scope of the same resource includes reading it. */
type Scope = `mall.${'read' | 'write'}_${'order' | 'product' | 'shipping'}`;
const grants = (scopes: string[], needed: Scope) => scopes.some((s) => s === needed || s === needed.replace('read', 'write'));

/** Bearer check, scope check, then the mall's leaky bucket: the order Cafe24 refuses calls in. */
function admin(state: SandboxState, scope: Scope, handler: (state: SandboxState, req: SandboxRequest) => Reply) {
  return (req: SandboxRequest): Reply => {
    const presented = bearerToken(req.headers.authorization);
    if (!presented) return adminError(401, 'access_token is required. (invalid_token)');
    const token = cafe24Store(state).accessTokens.get(presented);
    if (!token || token.mallId !== req.params.mall_id) return adminError(401, 'Invalid access_token. (invalid_token)');
    if (token.expiresAt <= state.clock.now()) return adminError(401, 'access_token time expired. (invalid_token)');
    if (!grants(token.scopes, scope)) return adminError(403, `Insufficient scope: this API requires ${scope}.`);
    if (!pourCall(state, req.params.mall_id)) return tooManyRequests();
    return handler(state, req);
  };
}

function tooManyRequests(): Reply {
  return adminError(429, 'Too Many Requests. The API call limit (leaky bucket: 40 calls, 2 calls/s) is exceeded.');
}

export function cafe24Adapter(state: SandboxState): ProviderAdapter {
  return {
    provider: 'cafe24',
    base: '/cafe24/{mall_id}',
    routes: [
      { method: 'GET', path: '/api/v2/oauth/authorize', handle: (req) => authorize(state, req) },
      // The login-and-consent form posts back here (the real Cafe24 posts to its admin login, then redirects).
      { method: 'POST', path: '/api/v2/oauth/authorize', handle: (req) => consent(state, req) },
      { method: 'POST', path: '/api/v2/oauth/token', handle: (req) => token(state, req) },
      // `count` is listed before `{order_id}` / `{product_no}` so it is not read as an id.
      { method: 'GET', path: '/api/v2/admin/orders/count', handle: admin(state, 'mall.read_order', countOrders) },
      { method: 'GET', path: '/api/v2/admin/orders/{order_id}', handle: admin(state, 'mall.read_order', getOrder) },
      { method: 'GET', path: '/api/v2/admin/orders', handle: admin(state, 'mall.read_order', listOrders) },
      { method: 'POST', path: '/api/v2/admin/orders/{order_id}/shipments', handle: admin(state, 'mall.write_order', createShipment) },
      { method: 'POST', path: '/api/v2/admin/cancellation', handle: admin(state, 'mall.write_order', createCancellations) },
      { method: 'PUT', path: '/api/v2/admin/cancellationrequests', handle: admin(state, 'mall.write_order', rejectCancellationRequests) },
      { method: 'POST', path: '/api/v2/admin/return', handle: admin(state, 'mall.write_order', createReturns) },
      { method: 'PUT', path: '/api/v2/admin/returnrequests', handle: admin(state, 'mall.write_order', rejectReturnRequests) },
      { method: 'GET', path: '/api/v2/admin/carriers', handle: admin(state, 'mall.read_shipping', listCarriers) },
      { method: 'GET', path: '/api/v2/admin/products/count', handle: admin(state, 'mall.read_product', countProducts) },
      { method: 'GET', path: '/api/v2/admin/products/{product_no}', handle: admin(state, 'mall.read_product', getProduct) },
      {
        method: 'PUT', path: '/api/v2/admin/products/{product_no}/variants/{variant_code}/inventories',
        handle: admin(state, 'mall.write_product', updateInventory),
      },
      { method: 'GET', path: '/api/v2/admin/products', handle: admin(state, 'mall.read_product', listProducts) },
    ],
    credentialOf(req) {
      if (isAdmin(req)) return bearerToken(req.headers.authorization);
      return req.path === '/api/v2/oauth/authorize' ? (req.query.get('client_id') ?? undefined) : basicClientId(req);
    },
    faultReply(kind, req) {
      if (kind === 'rate_limit') {
        return { ...tooManyRequests(), headers: { 'x-api-call-limit': `${BUCKET_CAPACITY}/${BUCKET_CAPACITY}` } };
      }
      if (kind === 'server_error') return adminError(503, 'Service Unavailable. Please try again later.');
      return isAdmin(req)
        ? adminError(401, 'Invalid access_token. (invalid_token)')
        : { status: 401, json: { error: 'invalid_client', error_description: 'Client authentication failed' } };
    },
    notFound: () => adminError(404, 'No API found for this path.'),
    onReply(reply, req) {
      if (!isAdmin(req)) return reply;
      // Every admin response reports the bucket; a reply that already set it (fault 429) keeps its value.
      const headers = { 'x-api-call-limit': callLimitHeader(state, req.params.mall_id), ...reply.headers };
      return { ...reply, headers };
    },
  };
}

export const cafe24Module: SandboxModule<typeof DEMO_CAFE24_CREDENTIALS> = {
  provider: 'cafe24',
  credentialFields: ['mallId', 'clientId', 'clientSecret'],
  demoCredentials: DEMO_CAFE24_CREDENTIALS,
  demoKeyByDefault: true,
  registerCredentials: (state, { mallId, clientId, clientSecret, redirectUri }) => registerCafe24App(state, { mallId, clientId, clientSecret, redirectUri }),
  adapter: cafe24Adapter,
  // The sandbox accepts the mall id as the administrator's login.
  consent: (authorizeUrl, { mallId }) => consentAsMallAdmin(authorizeUrl, { adminId: mallId }),
  // The sandbox's shared order list (sandbox/orders.ts) is the Cafe24 mall's.
  marketplace: {
    name: 'CAFE24', create: createNewOrders, changeStatus: advanceOrders,
    events: {
      cancel_request: requestCafe24Cancellations, return_request: requestCafe24Returns, exchange_request: requestCafe24Exchanges,
      return_collected: collectCafe24Returns,
    },
  },
  seed: (state) => cafe24Module.registerCredentials(state, { ...DEMO_CAFE24_CREDENTIALS }),
  reset: (state) => cafe24Store(state).buckets.clear(),
};
