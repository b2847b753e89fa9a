// The provider registry is complete: every provider has what the rest of opsgraph derives from it, and every
// served one can be probed against the sandbox with its demo credentials.
import { z } from 'zod';
import { PROVIDER_REGISTRY, SERVED_PROVIDERS, PLANNED_PROVIDERS, MARKETPLACE_NAMES, lowerName } from '../providers/registry';
import { SANDBOX_MODULES } from '../sandbox/registry';
import { MARKETPLACE_ADAPTERS } from '../subgraphs/commerce/marketplaces';
import { PROBES } from '../subgraphs/keys/probes';
import { Provider as ProviderEnum, Marketplace as MarketplaceEnum } from '../platform/graphql/enums';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { loadConfig } from '../platform/config';

const KINDS = ['rate_limited', 'auth', 'not_found', 'bad_request', 'server', 'timeout', 'network'];

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());

test('the GraphQL enums hold exactly the registered providers and marketplaces, in registry order', () => {
  expect(Object.values(ProviderEnum)).toEqual(PROVIDER_REGISTRY.map((d) => d.name));
  expect(Object.values(MarketplaceEnum)).toEqual([...MARKETPLACE_NAMES]);
  expect(Object.keys(MARKETPLACE_ADAPTERS).sort()).toEqual([...MARKETPLACE_NAMES].sort());
});

test.each(PROVIDER_REGISTRY.map((d) => [d.name, d] as const))('%s has credentials with its secret field, and limits', (_name, descriptor) => {
  expect(descriptor.credentials).toBeInstanceOf(z.ZodObject);
  expect(Object.keys(descriptor.credentials.shape)).toContain(descriptor.secretField);
  expect(descriptor.limits.rate === null || descriptor.limits.rate.perSecond > 0).toBe(true);
  expect(descriptor.limits).toHaveProperty('dailyQuota');
});

test.each(SERVED_PROVIDERS.map((d) => [d.name, d] as const))(
  '%s has an error mapping, a probe, a base URL setting, a sandbox module and demo credentials',
  (name, descriptor) => {
    expect(KINDS).toContain(descriptor.errorKind({ status: 500 }));
    expect(descriptor.errorKind({ status: 429 })).toBe('rate_limited');
    expect(descriptor.errorKind({ status: 401 })).toBe('auth');
    expect(typeof descriptor.probe).toBe('function');
    expect(typeof PROBES[name]).toBe('function');
    expect(descriptor.baseUrl.env).toMatch(/^[A-Z0-9]+_BASE_URL$/);
    expect(descriptor.baseUrl.sandboxPath).toMatch(/^\//);
    expect(descriptor.baseUrl.live).toMatch(/^https:\/\//);
    const module = SANDBOX_MODULES[name];
    expect(module).not.toBeNull();
    expect(module.provider).toBe(lowerName(name));
    // The demo credentials are what `npm start` adds to the demo tenant: they must pass the provider's own schema.
    expect(descriptor.credentials.safeParse(module.demoCredentials).success).toBe(true);
    for (const field of module.credentialFields) expect(Object.keys(descriptor.credentials.shape)).toContain(field);
    expect(loadConfig({}).providers.baseUrls[lowerName(name)]).toBe(`http://127.0.0.1:4010${descriptor.baseUrl.sandboxPath}`);
  },
);

test('providers not served yet have no sandbox module and no probe (none today: every planned provider is served)', () => {
  expect(PLANNED_PROVIDERS).toEqual([]);
  for (const descriptor of PLANNED_PROVIDERS) {
    expect((SANDBOX_MODULES as Record<string, unknown>)[descriptor.name]).toBeNull();
    expect((PROBES as Record<string, unknown>)[descriptor.name]).toBeUndefined();
  }
});

// Cafe24's and Open Banking's probes need an OAuth grant (a connected mall, a consenting account holder), which the
// demo credentials alone do not make (providers/openbanking/client.test.ts probes with a session).
test.each(SERVED_PROVIDERS.filter((d) => d.name !== 'CAFE24' && d.name !== 'OPENBANKING').map((d) => [d.name, d] as const))(
  "%s's probe succeeds against the sandbox with the demo credentials",
  async (name, descriptor) => {
    const module = SANDBOX_MODULES[name];
    const baseUrl = sandbox.url + descriptor.baseUrl.sandboxPath;
    await expect(descriptor.probe({ baseUrl, credentials: { ...module.demoCredentials }, settings: {} })).resolves.toBeDefined();
  },
);

test('the providers money moves through fail closed without Redis, and they are named by their descriptors alone', async () => {
  const { FAIL_CLOSED_WITHOUT_REDIS } = await import('../keyring/resolver');
  expect([...FAIL_CLOSED_WITHOUT_REDIS].sort()).toEqual(['OPENBANKING', 'POPBILL', 'PORTONE', 'TOSS']);
  expect(PROVIDER_REGISTRY.filter((d) => 'failClosedWithoutRedis' in d).map((d) => d.name).sort()).toEqual(['OPENBANKING', 'POPBILL', 'PORTONE', 'TOSS']);
});
