// Naver Commerce API (SmartStore), providers/naver/README.md (Token, Changed orders, Order detail, Rate limit, Error body).
// Served at `{sandbox}/naver`, standing in for `https://api.commerce.naver.com/external`.
import { bearerToken, type ProviderAdapter, type Reply, type SandboxRequest } from '../http';
import type { SandboxModule } from '../modules';
import type { SandboxState } from '../state';
import { confirmProductOrders, dispatchProductOrders } from './actions';
import { approveCancellation, approveReturn, changeAddresses, rejectReturn, requestCancellations, requestExchanges, requestReturns } from './claims';
import { authenticate, issueToken, registerNaverApp } from './auth';
import { CHANGE_LIMIT, QUERY_LIMIT, rateLimitHeaders, takeToken, type BucketLimit } from './bucket';
import { DEMO_NAVER_CREDENTIALS } from './demo';
import { changeProductOrderStatuses, createNewProductOrders, seedProductOrders } from './lifecycle';
import { lastChangedStatuses, queryProductOrders } from './orders';
import { readOriginProduct, updateOptionStock, updateOriginProduct } from './option-stock';
import { PRODUCT_SEARCH_PATH, searchProducts } from './products';
import { dailySettlements } from './settle';
import { naverState, secretOfToken } from './store';
import { naverError, nextTraceId } from './wire';

const TOKEN_PATH = '/v1/oauth2/token';
const SEED_PRODUCT_ORDERS = 25;

type Handler = (state: SandboxState, req: SandboxRequest) => Reply;

/** The gateway's order: the token first (401 GW.AUTHN), then this API's bucket for this application (429). */
function api(state: SandboxState, route: string, limit: BucketLimit, handler: Handler) {
  return (req: SandboxRequest): Reply => {
    const token = authenticate(state, req);
    if ('status' in token) return token;
    const take = takeToken(state, `${token.clientId} ${route}`, limit);
    const reply = take.allowed ? handler(state, req) : rateLimited(state, limit, take.headers);
    return { ...reply, headers: { ...reply.headers, ...take.headers } };
  };
}

function rateLimited(state: SandboxState, limit: BucketLimit, headers = rateLimitHeaders(limit, 0)): Reply {
  const reply = naverError(state, 429, 'GW.RATE_LIMIT', '요청이 많아 서비스를 일시적으로 사용할 수 없습니다. 잠시 후 다시 시도해 주세요.');
  return { ...reply, headers: { ...reply.headers, ...headers } };
}

const ROUTES: Array<{ method: 'GET' | 'POST' | 'PUT'; path: string; limit: BucketLimit; handler: Handler }> = [
  { method: 'GET', path: '/v1/pay-order/seller/product-orders/last-changed-statuses', limit: QUERY_LIMIT, handler: lastChangedStatuses },
  { method: 'POST', path: '/v1/pay-order/seller/product-orders/query', limit: QUERY_LIMIT, handler: queryProductOrders },
  { method: 'POST', path: '/v1/pay-order/seller/product-orders/confirm', limit: CHANGE_LIMIT, handler: confirmProductOrders },
  { method: 'POST', path: '/v1/pay-order/seller/product-orders/dispatch', limit: CHANGE_LIMIT, handler: dispatchProductOrders },
  { method: 'POST', path: '/v1/pay-order/seller/product-orders/{productOrderId}/claim/cancel/approve', limit: CHANGE_LIMIT, handler: approveCancellation },
  { method: 'POST', path: '/v1/pay-order/seller/product-orders/{productOrderId}/claim/return/approve', limit: CHANGE_LIMIT, handler: approveReturn },
  { method: 'POST', path: '/v1/pay-order/seller/product-orders/{productOrderId}/claim/return/reject', limit: CHANGE_LIMIT, handler: rejectReturn },
  { method: 'POST', path: PRODUCT_SEARCH_PATH, limit: QUERY_LIMIT, handler: searchProducts },
  { method: 'GET', path: '/v2/products/origin-products/{originProductNo}', limit: QUERY_LIMIT, handler: readOriginProduct },
  { method: 'PUT', path: '/v1/products/origin-products/{originProductNo}/option-stock', limit: QUERY_LIMIT, handler: updateOptionStock },
  { method: 'PUT', path: '/v2/products/origin-products/{originProductNo}', limit: QUERY_LIMIT, handler: updateOriginProduct },
  { method: 'GET', path: '/v1/pay-settle/settle/daily', limit: QUERY_LIMIT, handler: dailySettlements },
];

function naverAdapter(state: SandboxState): ProviderAdapter {
  return {
    provider: 'naver',
    base: '/naver',
    routes: [
      { method: 'POST', path: TOKEN_PATH, handle: (req) => issueToken(state, req) },
      ...ROUTES.map((r) => ({ method: r.method, path: r.path, handle: api(state, `${r.method} ${r.path}`, r.limit, r.handler) })),
    ],
    // Counted by the application's client secret (what a key holds), found from client_id or the token;
    // a token the sandbox never issued is counted as presented.
    credentialOf(req) {
      if (req.path === TOKEN_PATH) {
        const clientId = new URLSearchParams(req.body).get('client_id');
        return (clientId && naverState(state).apps.get(clientId)) || undefined;
      }
      const presented = bearerToken(req.headers.authorization);
      return presented ? (secretOfToken(state, presented) ?? presented) : undefined;
    },
    faultReply(kind, req) {
      if (kind === 'rate_limit') return rateLimited(state, ROUTES.find((r) => r.path === req.path)?.limit ?? QUERY_LIMIT);
      if (kind === 'server_error') return naverError(state, 500, 'GW.INTERNAL_SERVER_ERROR', '일시적인 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.');
      return naverError(state, 401, 'GW.AUTHN', '요청을 보낼 권한이 없습니다.');
    },
    notFound: () => naverError(state, 404, 'GW.NOT_FOUND', '요청한 API를 찾을 수 없습니다.'),
    onReply(reply) {
      // Every answer carries its trace id; in error bodies it is the same one.
      const inBody = (reply.json as { traceId?: unknown } | undefined)?.traceId;
      const traceId = typeof inBody === 'string' ? inBody : nextTraceId(state);
      return { ...reply, headers: { ...reply.headers, 'GNCP-GW-Trace-ID': traceId } };
    },
  };
}

export const naverModule: SandboxModule<typeof DEMO_NAVER_CREDENTIALS> = {
  provider: 'naver',
  demoCredentials: DEMO_NAVER_CREDENTIALS,
  demoKeyByDefault: false,
  credentialFields: ['clientId', 'clientSecret'],
  registerCredentials: registerNaverApp,
  adapter: naverAdapter,
  marketplace: {
    name: 'NAVER', create: createNewProductOrders, changeStatus: changeProductOrderStatuses,
    events: {
      cancel_request: requestCancellations, return_request: requestReturns, exchange_request: requestExchanges, address_change: changeAddresses,
    },
  },
  seed(state) {
    registerNaverApp(state, { ...DEMO_NAVER_CREDENTIALS });
    seedProductOrders(state, SEED_PRODUCT_ORDERS);
  },
  reset(state) {
    naverState(state).buckets.clear();
  },
};
