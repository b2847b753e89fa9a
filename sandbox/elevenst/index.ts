// 11st (11번가) Seller Open API, providers/elevenst/README.md (Auth, Order queries, Actions, Rate limit, HTTP status).
// Served at `{sandbox}/elevenst`, standing in for `https://api.11st.co.kr/rest`.
import type { ProviderAdapter, Reply, SandboxRequest } from '../http';
import type { SandboxModule } from '../modules';
import type { SandboxState } from '../state';
import { requestDelivery, requestPackaging } from './actions';
import {
  approveCancellation, approveReturn, CLAIM_LISTS, listClaims, rejectReturn,
  requestElevenstCancellations, requestElevenstExchanges, requestElevenstReturns,
} from './claims';
import { DEMO_ELEVENST_CREDENTIALS } from './demo';
import { advanceElevenstOrders, createElevenstOrders, seedElevenstOrders } from './orders';
import { productLookup, productStocks, searchProducts, updateStock } from './products';
import { listOrders } from './queries';
import { settlementList } from './settlements';
import { admitCall, elevenstStore, LINE_STATES } from './store';
import { actionResult, containerError, listResult, overedTraffic } from './xml';

/** UNVERIFIED: the code and text 11st gives a missing or unknown openapikey (§4 names neither). */
export const INVALID_KEY_CODE = -100;

const keyOf = (req: SandboxRequest): string | undefined => {
  const header = req.headers.openapikey;
  return Array.isArray(header) ? header[0] : header;
};
const isList = (req: SandboxRequest) => !/^\/(ordservices\/req|claimservice\/(cancelreq|returnreq))/.test(req.path);

/** A key refusal in the shape of the endpoint family: list root for queries, `<result>` for actions. */
function invalidKey(req: SandboxRequest, missing: boolean): Reply {
  const text = missing ? 'openapikey 헤더가 없습니다.' : '유효하지 않은 openapikey 입니다.';
  return isList(req) ? listResult(INVALID_KEY_CODE, text) : actionResult(INVALID_KEY_CODE, text);
}

/** Key check, then the key's 5 calls/s throttle (seed 003: 11번가 초당 5건; UNVERIFIED in §4). */
function seller(state: SandboxState, handler: (req: SandboxRequest) => Reply) {
  return (req: SandboxRequest): Reply => {
    const key = keyOf(req);
    if (!key || !elevenstStore(state).apiKeys.has(key)) return invalidKey(req, !key);
    return admitCall(state, key) ? handler(req) : overedTraffic();
  };
}

function elevenstAdapter(state: SandboxState): ProviderAdapter {
  return {
    provider: 'elevenst',
    base: '/elevenst',
    routes: [
      ...LINE_STATES.map((lineState) => ({
        method: 'GET' as const,
        path: `/ordservices/${lineState}/{startTime}/{endTime}`,
        handle: seller(state, (req) => listOrders(state, req, lineState)),
      })),
      {
        method: 'GET',
        path: '/ordservices/reqpackaging/{ordNo}/{ordPrdSeq}/{addPrdYn}/{addPrdNo}/{dlvNo}',
        handle: seller(state, (req) => requestPackaging(state, req)),
      },
      {
        method: 'GET',
        path: '/ordservices/reqdelivery/{sendDt}/{dlvMthdCd}/{dlvEtprsCd}/{invcNo}/{dlvNo}',
        handle: seller(state, (req) => requestDelivery(state, req)),
      },
      { method: 'GET', path: '/settlement/settlementList/{startTime}/{endTime}', handle: seller(state, (req) => settlementList(state, req)) },
      ...Object.keys(CLAIM_LISTS).map((list) => ({
        method: 'GET' as const,
        path: `/claimservice/${list}/{startTime}/{endTime}`,
        handle: seller(state, (req) => listClaims(state, req, list)),
      })),
      { method: 'GET', path: '/claimservice/cancelreqconf/{ordPrdCnSeq}/{ordNo}/{ordPrdSeq}', handle: seller(state, (req) => approveCancellation(state, req)) },
      { method: 'GET', path: '/claimservice/returnreqconf/{clmReqSeq}/{ordNo}/{ordPrdSeq}', handle: seller(state, (req) => approveReturn(state, req)) },
      {
        method: 'GET', path: '/claimservice/returnreqreject/{ordNo}/{ordPrdSeq}/{clmReqSeq}/{refsRsnCd}/{refsRsn}',
        handle: seller(state, (req) => rejectReturn(state, req)),
      },
      { method: 'POST', path: '/prodmarketservice/prodmarket', handle: seller(state, (req) => searchProducts(state, req)) },
      { method: 'GET', path: '/prodmarketservice/prodmarket/{prdNo}', handle: seller(state, (req) => productLookup(state, req)) },
      { method: 'GET', path: '/prodmarketservice/prodmarket/stck/{prdNo}', handle: seller(state, (req) => productStocks(state, req)) },
      { method: 'PUT', path: '/prodservices/stockqty/{prdStckNo}', handle: seller(state, (req) => updateStock(state, req)) },
    ],
    credentialOf: keyOf,
    faultReply(kind, req) {
      if (kind === 'rate_limit') return overedTraffic();
      if (kind === 'auth_failure') return invalidKey(req, false);
      return containerError(500, req.path);
    },
    notFound: (req) => containerError(404, req.path),
  };
}

export const elevenstModule: SandboxModule<typeof DEMO_ELEVENST_CREDENTIALS> = {
  provider: 'elevenst',
  demoCredentials: DEMO_ELEVENST_CREDENTIALS,
  demoKeyByDefault: false,
  credentialFields: ['apiKey'],
  registerCredentials(state, credentials) {
    elevenstStore(state).apiKeys.add(credentials.apiKey);
  },
  adapter: elevenstAdapter,
  marketplace: {
    name: 'ELEVENST', create: createElevenstOrders, changeStatus: advanceElevenstOrders,
    events: { cancel_request: requestElevenstCancellations, return_request: requestElevenstReturns, exchange_request: requestElevenstExchanges },
  },
  seed(state) {
    elevenstStore(state).apiKeys.add(DEMO_ELEVENST_CREDENTIALS.apiKey);
    seedElevenstOrders(state);
  },
  reset(state) {
    elevenstStore(state).windows.clear();
  },
};
