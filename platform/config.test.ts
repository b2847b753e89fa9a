import { randomBytes } from 'node:crypto';
import { DEFAULT_EDGE_GUARDS, loadConfig } from './config';

describe('loadConfig', () => {
  test('without DATABASE_URL and REDIS_URL it chooses the embedded defaults', () => {
    const config = loadConfig({});
    expect(config.storage).toEqual({ mode: 'embedded', dataDir: '.data' });
    expect(config.pubsub).toEqual({ mode: 'memory' });
    expect(config.providers.baseUrls.toss).toBe('http://127.0.0.1:4010/toss');
  });

  test('a bad REDIS_URL stops start-up with the rule and the value', () => {
    expect(() => loadConfig({ REDIS_URL: 'localhost:6379' })).toThrow('REDIS_URL must be a redis:// URL, but got "localhost:6379"');
  });

  test('a short KEY_ENCRYPTION_KEY is refused', () => {
    expect(() => loadConfig({ KEY_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') })).toThrow(/32 bytes/);
  });

  test('production refuses the insecure development secrets', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET and KEY_ENCRYPTION_KEY must be set/);
  });

  test('production refuses placeholder secrets that pass the length check', () => {
    const real = { NODE_ENV: 'production', JWT_SECRET: randomBytes(48).toString('base64'), KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
    expect(() => loadConfig(real)).not.toThrow();
    for (const jwt of ['CHANGE-ME-at-least-32-characters-long-secret', 'opsgraph-insecure-development-jwt-secret-change-me', 'a'.repeat(40), 'your-jwt-secret-goes-here-0123456789abc']) {
      expect(() => loadConfig({ ...real, JWT_SECRET: jwt })).toThrow(/^JWT_SECRET looks like a placeholder/);
    }
    expect(() => loadConfig({ ...real, SUBGRAPH_SECRET: 'placeholder-placeholder-placeholder' })).toThrow(/^SUBGRAPH_SECRET looks like a placeholder/);
    for (const key of [Buffer.alloc(32, 7), Buffer.alloc(32), Buffer.from('abababababababababababababababab')]) {
      expect(() => loadConfig({ ...real, KEY_ENCRYPTION_KEY: key.toString('base64') })).toThrow(/^KEY_ENCRYPTION_KEY looks like a placeholder/);
    }
  });

  test('GATEWAY_AUTH=off runs outside production and is refused under NODE_ENV=production', () => {
    expect(loadConfig({}).gatewayAuth).toBe('on');
    expect(loadConfig({ GATEWAY_AUTH: 'off' }).gatewayAuth).toBe('off');
    const real = { NODE_ENV: 'production', JWT_SECRET: randomBytes(48).toString('base64'), KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
    expect(() => loadConfig({ ...real, GATEWAY_AUTH: 'off' })).toThrow(/^GATEWAY_AUTH=off is refused when NODE_ENV=production/);
    expect(() => loadConfig({ GATEWAY_AUTH: 'none' })).toThrow(/GATEWAY_AUTH/);
  });

  test('GATEWAY_EXECUTOR: opsgraph\'s executor by default, stock @apollo/gateway\'s with "apollo", anything else stops start-up', () => {
    expect(loadConfig({}).gatewayExecutor).toEqual({ kind: 'opsgraph', cacheSize: 1000, shareFetches: true });
    expect(loadConfig({ GATEWAY_SHARE_FETCHES: 'off' }).gatewayExecutor.shareFetches).toBe(false);
    expect(() => loadConfig({ GATEWAY_SHARE_FETCHES: 'no' })).toThrow(/GATEWAY_SHARE_FETCHES must be "on" or "off"/);
    expect(loadConfig({ GATEWAY_EXECUTOR: 'apollo' }).gatewayExecutor.kind).toBe('apollo');
    expect(() => loadConfig({ GATEWAY_EXECUTOR: 'stock' })).toThrow(/GATEWAY_EXECUTOR must be "opsgraph" or "apollo"/);
  });

  test('with SUPERGRAPH, SUBGRAPH_URLS overrides that supergraph\'s subgraph URLs by name', () => {
    const config = loadConfig({ SUPERGRAPH: 'super.graphql', SUBGRAPH_URLS: 'products=http://p:1/graphql,my-reviews=http://r:2/' });
    expect(config.supergraph).toEqual({ path: 'super.graphql', urlOverrides: { products: 'http://p:1/graphql', 'my-reviews': 'http://r:2/' } });
    expect(config.subgraphUrls.commerce).toBe('http://127.0.0.1:4001/graphql');
    expect(loadConfig({}).supergraph).toBeNull();
    expect(() => loadConfig({ SUBGRAPH_URLS: 'products=http://p:1/graphql' })).toThrow(/unknown subgraph "products"/);
  });

  test('live mode points each client at the real provider, and a base URL variable overrides it', () => {
    const config = loadConfig({ PROVIDERS: 'live', TOSS_BASE_URL: 'https://toss.example' });
    expect(config.providers.baseUrls.cafe24).toBe('https://{mall_id}.cafe24api.com');
    expect(config.providers.baseUrls.toss).toBe('https://toss.example');
  });

  test('ORDER_PAID_RETRY_MS: 30 s by default, 0 turns the timer off, anything else not a whole number stops start-up', () => {
    expect(loadConfig({}).reconciliation).toEqual({ orderPaidRetryMs: 30_000 });
    expect(loadConfig({ ORDER_PAID_RETRY_MS: '0' }).reconciliation).toEqual({ orderPaidRetryMs: 0 });
    expect(() => loadConfig({ ORDER_PAID_RETRY_MS: '5s' })).toThrow('ORDER_PAID_RETRY_MS must be a whole number of milliseconds from 0 (timer off) to 2147483647, but got "5s"');
  });

  test('LLM_PRICES must be JSON prices per model', () => {
    expect(loadConfig({ LLM_PRICES: '{"m":{"input":0.1,"output":0.2}}' }).llmPrices).toEqual({ m: { input: 0.1, output: 0.2 } });
    expect(() => loadConfig({ LLM_PRICES: 'cheap' })).toThrow(/LLM_PRICES must be JSON/);
  });

  test('the edge guards default to what the gateway assumes without a configuration, and each can be set', () => {
    expect(loadConfig({}).edgeGuards).toEqual(DEFAULT_EDGE_GUARDS);
    const set = loadConfig({ METRICS_TOKEN: 'a-long-enough-metrics-token', JWT_MAX_LIFETIME_S: '3600', APQ_MAX_PER_TENANT: '10', MAX_TOKEN_LENGTH: '100' });
    expect(set.edgeGuards).toMatchObject({ metricsToken: 'a-long-enough-metrics-token', tokens: { maxLifetimeS: 3600 }, apq: { maxPerTenant: 10 } });
    expect(set.limits.maxTokenLength).toBe(100);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be at least 16 characters/);
  });

  test('an Apollo key or graph ref stops start-up: nothing is reported to Apollo', () => {
    expect(() => loadConfig({ APOLLO_KEY: 'service:x:y' })).toThrow(/APOLLO_KEY must be unset/);
    expect(() => loadConfig({ APOLLO_GRAPH_REF: 'g@current' })).toThrow(/APOLLO_GRAPH_REF must be unset/);
  });
});
