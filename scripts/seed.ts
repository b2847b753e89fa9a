// Seeds the `demo` tenant for `npm start`: sandbox credentials for every provider the sandbox serves, then a
// first sync of every marketplace through the gateway, so the acceptance queries return data at once.
import { DEMO_CREDENTIALS } from '../sandbox/demo';
import { DEMO_NAVER_CREDENTIALS } from '../sandbox/naver/demo';
import { DEMO_COUPANG_CREDENTIALS } from '../sandbox/coupang/demo';
import { DEMO_ELEVENST_CREDENTIALS } from '../sandbox/elevenst/demo';
import { DEMO_AFTERSHIP_CREDENTIALS } from '../sandbox/aftership/demo';
import type { Keyring } from '../keyring/keyring';
import type { Provider } from '../keyring/credentials';

export const DEMO_TENANT = 'demo';

const DEMO_KEYS: Array<{ provider: Provider; credentials: Record<string, string> }> = [
  { provider: 'CAFE24', credentials: DEMO_CREDENTIALS.cafe24 },
  { provider: 'TOSS', credentials: DEMO_CREDENTIALS.toss },
  { provider: 'SWEETTRACKER', credentials: DEMO_CREDENTIALS.sweettracker },
  { provider: 'OPENAI', credentials: DEMO_CREDENTIALS.openai },
];

/** The marketplaces and the international tracker, which most tests leave out to keep their key lists short. */
const DEMO_MARKETPLACE_KEYS: Array<{ provider: Provider; credentials: Record<string, string> }> = [
  { provider: 'NAVER', credentials: { ...DEMO_NAVER_CREDENTIALS } },
  { provider: 'COUPANG', credentials: { ...DEMO_COUPANG_CREDENTIALS } },
  { provider: 'ELEVENST', credentials: { ...DEMO_ELEVENST_CREDENTIALS } },
  { provider: 'AFTERSHIP', credentials: { ...DEMO_AFTERSHIP_CREDENTIALS } },
];

export const DEMO_MARKETPLACES = ['CAFE24', 'NAVER', 'COUPANG', 'ELEVENST'] as const;

export async function seedDemoKeys(keyring: Keyring, tenantId = DEMO_TENANT, options: { everyMarketplace?: boolean } = {}): Promise<void> {
  const existing = new Set((await keyring.listKeys(tenantId)).map((key) => key.provider));
  for (const key of options.everyMarketplace ? [...DEMO_KEYS, ...DEMO_MARKETPLACE_KEYS] : DEMO_KEYS) {
    if (existing.has(key.provider)) continue;
    await keyring.addKey({ tenantId, provider: key.provider, label: `sandbox ${key.provider.toLowerCase()}`, credentials: key.credentials });
  }
}

export async function graphqlRequest<T = unknown>(
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return response.json() as Promise<{ data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }>;
}
