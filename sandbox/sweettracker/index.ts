// Sweet Tracker (스마트택배) API, providers/sweettracker/README.md (Carrier list, Recommend carrier, Tracking, Error body).
// Served at `{sandbox}/sweettracker`, standing in for `http://info.sweettracker.co.kr`.
import { json, type ProviderAdapter, type Reply, type SandboxRequest } from '../http';
import type { SandboxModule } from '../modules';
import { moduleState } from '../module-state';
import { parcelKey, type SandboxState } from '../state';
import { DEMO_SWEETTRACKER_CREDENTIALS } from './demo';
import { COMPANIES, companyName, DOMESTIC_BY_SHARE } from './companies';
import { presentTracking } from './tracking';

// Sweet Tracker answers refusals with HTTP 200 and a status:false body. Codes as real clients see them:
// 101 invalid API key, 103 usage exceeded, 104 invalid invoice number or carrier code (no data), 106 lookup error.
const refusal = (code: string, msg: string): Reply => json(200, { status: false, code, msg });
const INVALID_KEY = () => refusal('101', '유효하지 않은 API KEY 입니다.');
const NO_DATA = () => refusal('104', '유효하지 않은 운송장번호 이거나 택배사 코드 입니다.');

/** The API keys the sandbox accepts. */
const apiKeys = (state: SandboxState) => moduleState(state, 'sweettracker', () => new Set<string>());

function withKey(state: SandboxState, handler: (req: SandboxRequest) => Reply) {
  return (req: SandboxRequest): Reply =>
    apiKeys(state).has(req.query.get('t_key') ?? '') ? handler(req) : INVALID_KEY();
}

function tracking(state: SandboxState, req: SandboxRequest): Reply {
  const parcel = state.parcels.get(parcelKey(req.query.get('t_code') ?? '', req.query.get('t_invoice') ?? ''));
  return parcel ? json(200, presentTracking(parcel)) : NO_DATA();
}

/** Known invoices name their carrier; otherwise guess from the number's shape, as the real service does. */
function recommend(state: SandboxState, req: SandboxRequest): Reply {
  const invoice = req.query.get('t_invoice') ?? '';
  const known = [...state.parcels.values()].filter((p) => p.invoiceNo === invoice).map((p) => p.carrierCode);
  const codes = known.length > 0 ? known : /^\d{10,13}$/.test(invoice) ? DOMESTIC_BY_SHARE : [];
  return json(200, { Recommend: codes.map((Code) => ({ Code, Name: companyName(Code) })) });
}

export function sweetTrackerAdapter(state: SandboxState): ProviderAdapter {
  return {
    provider: 'sweettracker',
    base: '/sweettracker',
    routes: [
      { method: 'GET', path: '/api/v1/companylist', handle: withKey(state, () => json(200, { Company: COMPANIES })) },
      { method: 'GET', path: '/api/v1/recommend', handle: withKey(state, (req) => recommend(state, req)) },
      { method: 'GET', path: '/api/v1/trackingInfo', handle: withKey(state, (req) => tracking(state, req)) },
    ],
    credentialOf: (req) => req.query.get('t_key') ?? undefined,
    faultReply(kind, req) {
      if (kind === 'rate_limit') return refusal('103', 'API 사용량을 초과하였습니다.');
      if (kind === 'auth_failure') return INVALID_KEY();
      // The service is a Spring application: its 5xx carry Spring's default error document.
      return json(500, { timestamp: state.clock.now(), status: 500, error: 'Internal Server Error', path: req.path });
    },
    notFound: (req) => json(404, { timestamp: state.clock.now(), status: 404, error: 'Not Found', path: req.path }),
  };
}

export const sweettrackerModule: SandboxModule<typeof DEMO_SWEETTRACKER_CREDENTIALS> = {
  provider: 'sweettracker',
  credentialFields: ['apiKey'],
  demoCredentials: DEMO_SWEETTRACKER_CREDENTIALS,
  demoKeyByDefault: true,
  // The free plan is 100 calls a day, which dashboards at 50 clients spent in 15 minutes (issue 13): the demo key
  // stands for a paid plan. Paid quotas are published only per contract (providers/sweettracker/README.md:
  // plan-based quotas, UNVERIFIED), so a real key gets its own dailyQuota.
  demoDailyQuota: 10_000,
  registerCredentials: (state, { apiKey }) => void apiKeys(state).add(apiKey),
  adapter: sweetTrackerAdapter,
  seed: (state) => sweettrackerModule.registerCredentials(state, { ...DEMO_SWEETTRACKER_CREDENTIALS }),
};
