// `testApiKey`: each provider's cheapest authenticated call, made with one specific key.
import type { Provider } from '../../keyring/credentials';
import { Cafe24Client, MemoryCafe24TokenStore } from '../../providers/cafe24';
import { TossClient } from '../../providers/toss';
import { SweetTrackerClient } from '../../providers/sweettracker';
import { OpenAIProvider } from '../../providers/openai';
import { NaverCommerceClient } from '../../providers/naver';
import { CoupangClient } from '../../providers/coupang';
import { ElevenstClient } from '../../providers/elevenst';
import { AfterShipClient } from '../../providers/aftership';

export type ProbeBaseUrls = Record<'cafe24' | 'toss' | 'sweettracker' | 'openai' | 'naver' | 'coupang' | 'elevenst' | 'aftership', string>;
type Credentials = Record<string, string>;

const today = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);

export const PROBES: Partial<Record<Provider, (urls: ProbeBaseUrls, c: Credentials, redirectUri: string) => Promise<unknown>>> = {
  SWEETTRACKER: (urls, c) => new SweetTrackerClient({ baseUrl: urls.sweettracker, apiKey: c.apiKey }).companyList(),
  // A lookup of an order id no one uses: 404 NOT_FOUND_PAYMENT proves the key, anything else is the answer.
  TOSS: (urls, c) => new TossClient({ baseUrl: urls.toss, secretKey: c.secretKey }).getPaymentByOrderId('opsgraph-key-test'),
  OPENAI: (urls, c) => new OpenAIProvider({ baseUrl: urls.openai, apiKey: c.apiKey }).listModels(),
  CAFE24: (urls, c, redirectUri) =>
    new Cafe24Client({ baseUrl: urls.cafe24, mallId: c.mallId, clientId: c.clientId, clientSecret: c.clientSecret, redirectUri, tokens: new MemoryCafe24TokenStore() })
      .countOrders({ startDate: today(), endDate: today() }),
  NAVER: (urls, c) =>
    new NaverCommerceClient({ baseUrl: urls.naver, clientId: c.clientId, clientSecret: c.clientSecret })
      .lastChangedStatuses({ from: new Date(Date.now() - 60_000), limitCount: 1 }),
  COUPANG: (urls, c) =>
    new CoupangClient({ baseUrl: urls.coupang, vendorId: c.vendorId, accessKey: c.accessKey, secretKey: c.secretKey })
      .listOrderSheets({ createdAtFrom: today(), createdAtTo: today(), status: 'ACCEPT', maxPerPage: 1 }),
  ELEVENST: (urls, c) => new ElevenstClient({ baseUrl: urls.elevenst, apiKey: c.apiKey }).listOrders('complete', new Date(Date.now() - 60_000), new Date()),
  AFTERSHIP: (urls, c) => new AfterShipClient({ baseUrl: urls.aftership, apiKey: c.apiKey }).listTrackings({ limit: 1 }),
};
