// Coupang WING Open API, providers/coupang/README.md (Auth header, Order sheets, Rate limit, Error body).
// Served at `{sandbox}/coupang`, standing in for `https://api-gateway.coupang.com`.
import type { ProviderAdapter, Reply, SandboxRequest } from '../http';
import type { SandboxModule } from '../modules';
import type { SandboxState } from '../state';
import { acknowledgeSheets, uploadInvoices } from './actions';
import { authenticate, presentedAccessKey } from './auth';
import { approveReturn, confirmReceipt, listExchangeRequests, listReturnRequests, requestCancellations, requestExchanges, requestReturns, stopShipment } from './claims';
import { DEMO_COUPANG_CREDENTIALS } from './demo';
import { businessError, gatewayError, invalidSignature, tooManyRequests } from './errors';
import { getOrderSheet, listOrderSheets } from './ordersheets';
import { getInventory, getSellerProduct, listSellerProducts, SELLER_API, seedCatalog, updateQuantity, vendorOfKey } from './products';
import { REVENUE_PATH, revenueHistory } from './revenue';
import { advanceOrders, createOrders, seedSheets } from './seed';
import { registerCoupangKey } from './store';
import { admitCall, resetThrottle } from './throttle';

const VENDOR = '/v2/providers/openapi/apis/api/v4/vendors/{vendorId}';

/** Signature first, then the vendor's throttle: the order the gateway refuses calls in. */
function signed(state: SandboxState, handler: (state: SandboxState, req: SandboxRequest) => Reply) {
  return (req: SandboxRequest): Reply => {
    const auth = authenticate(state, req);
    if ('refusal' in auth) return auth.refusal;
    if (!admitCall(state, auth.key.vendorId)) return tooManyRequests();
    return handler(state, req);
  };
}

/** seller_api paths carry no vendor: the list names it in its query, the rest belong to the key's vendor. */
function sellerApi(state: SandboxState, handler: (state: SandboxState, req: SandboxRequest) => Reply, vendorInQuery = false) {
  const inner = signed(state, handler);
  return (req: SandboxRequest): Reply =>
    inner({ ...req, params: { ...req.params, vendorId: (vendorInQuery ? req.query.get('vendorId') : vendorOfKey(state, req)) ?? '' } });
}

export function coupangAdapter(state: SandboxState): ProviderAdapter {
  return {
    provider: 'coupang',
    base: '/coupang',
    routes: [
      // `acknowledgement` is a PUT, so it never meets the GET `{shipmentBoxId}` route.
      { method: 'PUT', path: `${VENDOR}/ordersheets/acknowledgement`, handle: signed(state, acknowledgeSheets) },
      { method: 'GET', path: `${VENDOR}/ordersheets/{shipmentBoxId}`, handle: signed(state, getOrderSheet) },
      { method: 'GET', path: `${VENDOR}/ordersheets`, handle: signed(state, listOrderSheets) },
      { method: 'POST', path: `${VENDOR}/orders/invoices`, handle: signed(state, uploadInvoices) },
      { method: 'GET', path: `${VENDOR}/returnRequests`, handle: signed(state, listReturnRequests) },
      { method: 'GET', path: `${VENDOR}/exchangeRequests`, handle: signed(state, listExchangeRequests) },
      // Coupang's pages name PUT (PATCH before it, struck through).
      { method: 'PUT', path: `${VENDOR}/returnRequests/{receiptId}/stoppedShipment`, handle: signed(state, stopShipment) },
      { method: 'PUT', path: `${VENDOR}/returnRequests/{receiptId}/receiveConfirmation`, handle: signed(state, confirmReceipt) },
      { method: 'PUT', path: `${VENDOR}/returnRequests/{receiptId}/approval`, handle: signed(state, approveReturn) },
      { method: 'GET', path: REVENUE_PATH, handle: sellerApi(state, revenueHistory, true) },
      { method: 'GET', path: `${SELLER_API}/seller-products`, handle: sellerApi(state, listSellerProducts, true) },
      { method: 'GET', path: `${SELLER_API}/seller-products/{sellerProductId}`, handle: sellerApi(state, getSellerProduct) },
      { method: 'GET', path: `${SELLER_API}/vendor-items/{vendorItemId}/inventories`, handle: sellerApi(state, getInventory) },
      { method: 'PUT', path: `${SELLER_API}/vendor-items/{vendorItemId}/quantities/{quantity}`, handle: sellerApi(state, updateQuantity) },
    ],
    // Coupang never sees the secret: the access key is what the call presents.
    credentialOf: presentedAccessKey,
    faultReply(kind) {
      if (kind === 'rate_limit') return tooManyRequests();
      if (kind === 'auth_failure') return invalidSignature(state);
      return gatewayError(state, 500, 'Internal Server Error'); // UNVERIFIED text; the shape is the gateway's
    },
    notFound: () => businessError(404, 'No API found for this path.'),
  };
}

export const coupangModule: SandboxModule<typeof DEMO_COUPANG_CREDENTIALS> = {
  provider: 'coupang',
  demoCredentials: DEMO_COUPANG_CREDENTIALS,
  demoKeyByDefault: false,
  credentialFields: ['vendorId', 'accessKey', 'secretKey'],
  registerCredentials(state, credentials) {
    registerCoupangKey(state, { vendorId: credentials.vendorId, accessKey: credentials.accessKey, secretKey: credentials.secretKey });
  },
  adapter: coupangAdapter,
  marketplace: {
    name: 'COUPANG', create: createOrders, changeStatus: advanceOrders,
    events: { cancel_request: requestCancellations, return_request: requestReturns, exchange_request: requestExchanges },
  },
  seed(state) {
    registerCoupangKey(state, { ...DEMO_COUPANG_CREDENTIALS });
    seedSheets(state);
    seedCatalog(state, DEMO_COUPANG_CREDENTIALS.vendorId);
  },
  reset: resetThrottle,
};

export { DEMO_COUPANG_CREDENTIALS } from './demo';
