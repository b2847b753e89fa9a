// The one place that reads process.env: parsed once at start-up into a typed object.
// A bad value stops start-up with the rule and the value that broke it.
import os from 'node:os';
import { z } from 'zod';
import { lowerName, SERVED_PROVIDERS, type ProviderSettings, type ServedProvider } from '../providers/registry';
import type { TracingConfig } from './tracing';

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

const url = (scheme: RegExp, rule: string) =>
  z.string().refine((value) => scheme.test(value), (value) => ({ message: `${rule}, but got "${value}"` }));

const base64Key = z
  .string()
  .refine((value) => Buffer.from(value, 'base64').length === 32, {
    message: 'must be 32 bytes encoded as base64 (e.g. `openssl rand -base64 32`)',
  });

/** A lower-case provider name with a base URL (a served provider of providers/registry.ts). */
export type ConfiguredProvider = Lowercase<ServedProvider>;

/**
 * Each served provider's base URL (`<NAME>_BASE_URL`, which defaults to the sandbox, or to the provider's own
 * address with PROVIDERS=live) and its own settings, as its descriptor declares them.
 */
function providerEnvSchema() {
  const shape: Record<string, z.ZodTypeAny> = {};
  for (const descriptor of SERVED_PROVIDERS) {
    shape[descriptor.baseUrl.env] = z.string().optional();
    for (const setting of Object.values(descriptor.settings ?? {})) {
      const check = setting.check;
      shape[setting.env] = check
        ? z.string().default(setting.default).refine((value) => check.test(value), (value) => ({ message: `${setting.env} ${check.rule}, but got "${value}"` }))
        : z.string().default(setting.default);
    }
  }
  return z.object(shape);
}

const limit = (fallback: number) => z.coerce.number().int().positive().default(fallback);
/** Operation limits of the gateway (gateway/plugins/operation-limits.ts): each refusal is OPERATION_TOO_COMPLEX. */
const OPERATION_LIMIT_ENV = {
  MAX_DEPTH: limit(15),
  MAX_ALIASES: limit(30),
  MAX_DIRECTIVES: limit(50),
  MAX_TOKENS: limit(5000),
  /** Longest single token (a name, a string, a number) a document may hold. */
  MAX_TOKEN_LENGTH: limit(4096),
  MAX_COST: limit(5000),
  /** What a field with a `first` argument counts for when neither the request nor the schema gives one. */
  DEFAULT_FIRST: limit(20),
  MAX_BODY_BYTES: limit(1024 * 1024),
  /** Operations in one batched (JSON array) request; 1 turns batching off. */
  MAX_BATCH: limit(10),
};

const replicas = (name: string) => z.coerce.number().int().positive(`${name} must be a positive whole number`).default(1);
/** Faults and floods (README "Limits and guarantees"): what each process does on its own while Redis is away. */
const FAULT_ENV = {
  /** Gateway processes sharing the edge's rate limits: each takes 1/N of every limit while Redis is unreachable. */
  GATEWAY_REPLICAS: replicas('GATEWAY_REPLICAS'),
  /** Processes sharing each provider key (the subgraph replicas): each takes 1/N of a key's rate and quota without Redis. */
  KEYRING_REPLICAS: replicas('KEYRING_REPLICAS'),
  /** Unauthenticated webhook requests per second (and burst) per source IP and per tenant; over it: 429. */
  WEBHOOK_RATE_PER_SECOND: z.coerce.number().positive('WEBHOOK_RATE_PER_SECOND must be a positive number').default(20),
  WEBHOOK_BURST: z.coerce.number().int().positive('WEBHOOK_BURST must be a positive whole number').default(100),
  /** OAuth consent callbacks (`/oauth/<provider>/callback`, unauthenticated) per second and burst per source IP; over it: 429. */
  OAUTH_CALLBACK_RATE_PER_SECOND: z.coerce.number().positive('OAUTH_CALLBACK_RATE_PER_SECOND must be a positive number').default(1),
  OAUTH_CALLBACK_BURST: z.coerce.number().int().positive('OAUTH_CALLBACK_BURST must be a positive whole number').default(20),
};

/** The gateway's guards against abuse (issue 11): each refusal's code is in README "Limits and guarantees". */
const EDGE_GUARD_ENV = {
  /** Bearer token /metrics asks for; unset: open in development, off (404) in production. */
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  /** Longest lifetime (`exp - iat`) a user token may claim. */
  JWT_MAX_LIFETIME_S: limit(24 * 3600),
  /** How far in the future a token's `iat` (and nbf) may lie, for clocks that drift. */
  JWT_CLOCK_SKEW_S: z.coerce.number().int().min(0).max(600).default(60),
  /** Largest document APQ stores, documents one tenant may register, and how long each is kept. */
  APQ_MAX_BYTES: limit(32 * 1024),
  APQ_MAX_PER_TENANT: limit(1000),
  APQ_TTL_S: limit(24 * 3600),
};

/** Budgets of live connections (gateway/subscriptions/budget.ts), counted across replicas in Redis: each refusal is RATE_LIMITED. */
const SUBSCRIPTION_BUDGET_ENV = {
  WS_MAX_SOCKETS_PER_USER: limit(20),
  WS_MAX_SOCKETS_PER_TENANT: limit(200),
  WS_MAX_SUBSCRIPTIONS_PER_TENANT: limit(2000),
};

/**
 * How long every opsgraph HTTP server keeps an idle keep-alive connection (platform/http.ts). Fixed and longer than
 * the gateway's client idle timeout, so the gateway retires a pooled connection before a subgraph closes it.
 */
export const SERVER_KEEPALIVE_MS = 10_000;

/** How the gateway reaches subgraphs: the identity it forwards, and its pooled HTTP connections. */
const SUBGRAPH_LINK_ENV = {
  /** Lifetime of the identity sent with one subgraph request (bound to that subgraph and that body). */
  SUBGRAPH_IDENTITY_TTL_MS: z.coerce.number().int().min(1000, 'SUBGRAPH_IDENTITY_TTL_MS must be at least 1000').max(120_000).default(10_000),
  /** Lifetime of an upstream subscription socket's identity; the gateway renews the socket before it ends. */
  SUBGRAPH_SOCKET_TTL_MS: z.coerce.number().int().min(1000, 'SUBGRAPH_SOCKET_TTL_MS must be at least 1000').max(3_600_000).default(300_000),
  /** Idle pooled connections to subgraphs are closed after this; below the subgraphs' keep-alive (SERVER_KEEPALIVE_MS). */
  SUBGRAPH_CLIENT_IDLE_MS: z.coerce.number().int().min(100)
    .refine((value) => value < SERVER_KEEPALIVE_MS, (value) => ({
      message: `SUBGRAPH_CLIENT_IDLE_MS must be below the subgraphs' keep-alive of ${SERVER_KEEPALIVE_MS} ms, but got "${value}"`,
    }))
    .default(5000),
};

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** `on`: graphql-js's development-mode instanceOf check stays on outside production (platform/graphql-mode.ts). */
  GRAPHQL_DEV_CHECKS: z.enum(['on', 'off']).default('off'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // OpenTelemetry's standard variables (https://opentelemetry.io/docs/specs/otel/protocol/exporter/).
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.string().url().optional(),
  OTEL_EXPORTER_OTLP_PROTOCOL: z.enum(['http/json', 'http/protobuf']).default('http/protobuf'),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: z.enum(['http/json', 'http/protobuf']).optional(),
  OTEL_EXPORTER_OTLP_HEADERS: z.string().optional(),
  OTEL_SERVICE_NAME: z.string().optional(),
  OTEL_BSP_SCHEDULE_DELAY: z.coerce.number().int().positive().default(5000),
  /** json (production, files, pipes) or pretty (people); auto: pretty on a terminal outside production. */
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  HOST: z.string().default('127.0.0.1'),
  GATEWAY_PORT: port(4000),
  COMMERCE_PORT: port(4001),
  LOGISTICS_PORT: port(4002),
  FINANCE_PORT: port(4003),
  AI_PORT: port(4004),
  KEYS_PORT: port(4005),
  SANDBOX_PORT: port(4010),
  DATABASE_URL: url(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL').optional(),
  REDIS_URL: url(/^rediss?:\/\//, 'REDIS_URL must be a redis:// URL').optional(),
  /** Namespaces every Redis key, so that several deployments (or test runs) can share one Redis. */
  REDIS_KEY_PREFIX: z.string().regex(/^[\w:.-]*$/, 'REDIS_KEY_PREFIX may hold letters, digits and : . - _').default('opsgraph:'),
  DATA_DIR: z.string().default('.data'),
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional(),
  /** RS256/ES256 user tokens are verified against this key set (HS256 with JWT_SECRET stays for development). */
  JWKS_URL: url(/^https?:\/\//, 'JWKS_URL must be an http(s):// URL').optional(),
  JWT_ISSUER: z.string().min(1).default('opsgraph'),
  JWT_AUDIENCE: z.string().min(1).optional(),
  /** Requests per second each tenant (and each partner) may send through the gateway, and the burst above it. */
  TENANT_RATE_PER_SECOND: z.coerce.number().positive('TENANT_RATE_PER_SECOND must be a positive number').default(50),
  TENANT_BURST: z.coerce.number().int().positive('TENANT_BURST must be a positive whole number').default(100),
  TENANT_RATE_LIMITS: z
    .string()
    .transform((value, ctx) => {
      try {
        return z.record(z.object({ perSecond: z.number().positive(), burst: z.number().int().positive() })).parse(JSON.parse(value));
      } catch {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `TENANT_RATE_LIMITS must be JSON like {"acme":{"perSecond":200,"burst":400}}, but got "${value.slice(0, 80)}"` });
        return z.NEVER;
      }
    })
    .optional(),
  /** The trusted-documents manifest partners run from (default: the one `npm run codegen` writes). */
  TRUSTED_DOCUMENTS_PATH: z.string().min(1).optional(),
  SUBGRAPH_SECRET: z.string().min(32, 'SUBGRAPH_SECRET must be at least 32 characters').optional(),
  KEY_ENCRYPTION_KEY: base64Key.optional(),
  /** Master keys being rotated out (comma-separated base64): still read, never written. */
  KEY_ENCRYPTION_KEY_PREVIOUS: z
    .string()
    .refine((value) => value.split(',').every((part) => Buffer.from(part.trim(), 'base64').length === 32), {
      message: 'must be base64 keys of 32 bytes, separated by commas',
    })
    .optional(),
  PROVIDERS: z.enum(['sandbox', 'live']).default('sandbox'),
  SANDBOX_URL: z.string().url().optional(),
  /** Shrinks every tracking-cache lifetime alike; for benchmarks that run time faster. */
  TRACKING_CACHE_TTL_SCALE: z.coerce.number().positive().max(1).default(1),
  LLM_PRICES: z
    .string()
    .transform((value, ctx) => {
      try {
        return z.record(z.object({ input: z.number().nonnegative(), output: z.number().nonnegative() })).parse(JSON.parse(value));
      } catch {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `LLM_PRICES must be JSON like {"gpt-4o-mini":{"input":0.00015,"output":0.0006}}, but got "${value.slice(0, 80)}"` });
        return z.NEVER;
      }
    })
    .optional(),
  /** The assistant's bounds per reply (subgraphs/ai/agent): model turns, tokens over all turns, wall-clock time. */
  AGENT_MAX_STEPS: z.coerce.number().int().min(1, 'AGENT_MAX_STEPS must be at least 1').max(20, 'AGENT_MAX_STEPS must be at most 20').default(6),
  AGENT_MAX_TOKENS: z.coerce.number().int().min(500, 'AGENT_MAX_TOKENS must be at least 500').default(20_000),
  AGENT_TIMEOUT_MS: z.coerce.number().int().min(1000, 'AGENT_TIMEOUT_MS must be at least 1000').default(60_000),
  /**
   * Knowledge search's vectors: `auto` makes embeddings pgvector's vector(512) with an HNSW index where the server has
   * the extension, else keeps real[] searched by exact cosine; `off` keeps real[] regardless. Read by the AI
   * subgraph's migration, so it decides when a database is first migrated; at start-up the column's type decides.
   */
  KNOWLEDGE_VECTOR: z.enum(['auto', 'off']).default('auto'),
  /** How often commerce syncs every tenant's marketplaces in the background; 0 turns the scheduler off. */
  SYNC_INTERVAL_MS: z
    .string()
    .default('300000')
    // Node's timers hold at most 2^31-1 ms; a longer delay would fire at once instead.
    .refine((value) => /^\d+$/.test(value.trim()) && Number(value.trim()) <= 2_147_483_647, (value) => ({
      message: `SYNC_INTERVAL_MS must be a whole number of milliseconds from 0 (scheduler off) to 2147483647, but got "${value}"`,
    }))
    .transform((value) => Number(value.trim())),
  /** How often finance asks commerce again about matched bank transfers it has not confirmed paid; 0: only on reconciliation. */
  ORDER_PAID_RETRY_MS: z
    .string()
    .default('30000')
    .refine((value) => /^\d+$/.test(value.trim()) && Number(value.trim()) <= 2_147_483_647, (value) => ({
      message: `ORDER_PAID_RETRY_MS must be a whole number of milliseconds from 0 (timer off) to 2147483647, but got "${value}"`,
    }))
    .transform((value) => Number(value.trim())),
  ...OPERATION_LIMIT_ENV,
  ...FAULT_ENV,
  ...EDGE_GUARD_ENV,
  /** graphql-ws: how often the gateway pings each socket (a socket whose pong does not return is dropped). */
  WS_KEEPALIVE_MS: z.coerce.number().int().min(100, 'WS_KEEPALIVE_MS must be at least 100').max(600_000).default(12_000),
  /** Events a subscriber may leave unread before the gateway drops it (it stopped reading). */
  WS_MAX_PENDING_EVENTS: z.coerce.number().int().positive('WS_MAX_PENDING_EVENTS must be a positive whole number').default(1000),
  ...SUBSCRIPTION_BUDGET_ENV,
  ...SUBGRAPH_LINK_ENV,
  SUBGRAPH_URLS: z
    .string()
    .regex(/^([\w-]+=https?:\/\/[^,\s]+)(,[\w-]+=https?:\/\/[^,\s]+)*$/, 'SUBGRAPH_URLS must look like "commerce=http://host:4001/graphql,logistics=…"')
    .optional(),
  /** A supergraph file the gateway serves (and reloads when it changes) instead of composing our own subgraphs. */
  SUPERGRAPH: z.string().min(1).optional(),
  /** `off`: no tokens, every request acts as one anonymous viewer (local use, conformance suites); refused in production. */
  GATEWAY_AUTH: z.enum(['on', 'off']).default('on'),
  /** Gateway processes on one port (node:cluster), sharing nothing but Redis; default: the cores, 1 under tests. */
  GATEWAY_WORKERS: z.coerce.number().int('GATEWAY_WORKERS must be a whole number').positive('GATEWAY_WORKERS must be at least 1').max(256).optional(),
  /** Who runs the query plans: opsgraph's executor (gateway/executor/, the default) or stock @apollo/gateway's. */
  GATEWAY_EXECUTOR: z.enum(['opsgraph', 'apollo'], { message: 'GATEWAY_EXECUTOR must be "opsgraph" or "apollo"' }).default('opsgraph'),
  /** Operations whose plan, compiled selections and limit results the gateway keeps (an LRU per process). */
  GATEWAY_OPERATION_CACHE_SIZE: z.coerce.number().int('GATEWAY_OPERATION_CACHE_SIZE must be a whole number')
    .min(1, 'GATEWAY_OPERATION_CACHE_SIZE must be at least 1').max(1_000_000).default(1000),
  /** `on`: a query's subgraph call identical to one in flight for the same identity joins it (opsgraph's executor). */
  GATEWAY_SHARE_FETCHES: z.enum(['on', 'off'], { message: 'GATEWAY_SHARE_FETCHES must be "on" or "off"' }).default('on'),
});

export const SUBGRAPH_NAMES = ['commerce', 'logistics', 'finance', 'ai', 'keys'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

/** Development defaults: printed as insecure at start-up, refused in production. */
export const INSECURE_DEV_JWT_SECRET = 'opsgraph-insecure-development-jwt-secret-change-me';
const INSECURE_DEV_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');

export interface Config {
  env: 'development' | 'production' | 'test';
  logLevel: string;
  logFormat: 'json' | 'pretty';
  /** OTLP trace export; null when no OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT is set. */
  tracing: TracingConfig | null;
  host: string;
  ports: { gateway: number; commerce: number; logistics: number; finance: number; ai: number; keys: number; sandbox: number };
  storage: { mode: 'postgres'; databaseUrl: string } | { mode: 'embedded'; dataDir: string };
  pubsub: { mode: 'redis'; redisUrl: string } | { mode: 'memory' };
  redisKeyPrefix: string;
  auth: { jwtSecret: string; subgraphSecret: string; insecureDefaults: boolean; jwksUrl?: string; issuer: string; audience?: string };
  /** The gateway's request rate per tenant (and per partner, keyed `partner:<sub>`), with overrides by key. */
  tenantRateLimit: { perSecond: number; burst: number; overrides: Record<string, { perSecond: number; burst: number }> };
  keyEncryptionKey: { key: Buffer; previous: Buffer[]; insecureDefault: boolean };
  /** Base URLs by lower-case provider name, plus each provider's own settings (providers/<name>/descriptor.ts). */
  providers: { mode: 'sandbox' | 'live'; baseUrls: Record<ConfiguredProvider, string> } & ProviderSettings;
  /** USD per 1K input / output tokens, per model, over the list prices in keyring/pricing.ts. */
  llmPrices: Record<string, { input: number; output: number }>;
  trackingCacheTtlScale: number;
  /** The background marketplace sync of commerce: every `intervalMs`, or off. */
  sync: { intervalMs: number };
  /** Finance's retries of the paid orders it asks commerce to mark (subgraphs/finance/bank/paid-outbox.ts). */
  reconciliation: { orderPaidRetryMs: number };
  /** The assistant's loop bounds per reply: model turns, tokens over all of them, wall-clock time. */
  agent: { maxSteps: number; maxTokens: number; timeoutMs: number };
  /** KNOWLEDGE_VECTOR: pgvector where available (`auto`), or the exact cosine over real[] regardless (`off`). */
  knowledgeVector: 'auto' | 'off';
  /** Where the gateway finds each subgraph when they run as separate processes. */
  subgraphUrls: Record<SubgraphName, string>;
  /**
   * The standalone gateway (`npm run gateway`): a supergraph file to serve instead of our own subgraphs, with
   * SUBGRAPH_URLS as overrides of its `join__graph` URLs by subgraph name; null: compose our subgraphs.
   */
  supergraph: { path: string; urlOverrides: Record<string, string> } | null;
  /** `off` only outside production: requests need no token and act as ANONYMOUS_IDENTITY. */
  gatewayAuth: 'on' | 'off';
  /** `npm run gateway`'s processes on its one port (GATEWAY_WORKERS). */
  gatewayWorkers: number;
  /** GATEWAY_EXECUTOR, GATEWAY_OPERATION_CACHE_SIZE and GATEWAY_SHARE_FETCHES. */
  gatewayExecutor: { kind: 'opsgraph' | 'apollo'; cacheSize: number; shareFetches: boolean };
  trustedDocumentsPath?: string;
  limits: OperationLimits;
  subscriptions: {
    keepAliveMs: number; maxPendingEvents: number;
    maxSocketsPerUser: number; maxSocketsPerTenant: number; maxSubscriptionsPerTenant: number;
  };
  /** The identity forwarded to subgraphs (per request, per upstream socket) and the pooled connections' idle timeout. */
  subgraphLink: { identityTtlMs: number; socketIdentityTtlMs: number; clientIdleMs: number };
  /** Per-process shares while Redis is unreachable, and the webhook flood limits. */
  faults: {
    gatewayReplicas: number; keyringReplicas: number; webhookRate: { perSecond: number; burst: number };
    /** The OAuth callbacks' limit per source IP, in each gateway process. */
    oauthCallbackRate: { perSecond: number; burst: number };
  };
  edgeGuards: EdgeGuards;
}

export interface EdgeGuards {
  metricsToken?: string;
  tokens: { maxLifetimeS: number; clockSkewS: number };
  apq: { maxBytes: number; maxPerTenant: number; ttlS: number };
}

export interface OperationLimits {
  maxDepth: number; maxAliases: number; maxDirectives: number; maxTokens: number; maxTokenLength: number; maxCost: number;
  defaultFirst: number; maxBodyBytes: number; maxBatch: number;
}

/** What the gateway assumes when it is started without a configuration (tests, the benchmark). */
export const DEFAULT_EDGE_GUARDS: EdgeGuards = {
  tokens: { maxLifetimeS: 24 * 3600, clockSkewS: 60 },
  apq: { maxBytes: 32 * 1024, maxPerTenant: 1000, ttlS: 24 * 3600 },
};

export class ConfigError extends Error {}

/** Every environment variable opsgraph reads, for the README's configuration table (kept complete by a test). */
export function configVariables(): string[] {
  return [...Object.keys(envSchema.shape), ...Object.keys(providerEnvSchema().shape)];
}

/** Values copied from an example or left at a default: they pass a length check but protect nothing. */
const PLACEHOLDER = /change[-_ ]?me|placeholder|example|secret[-_]?here|insecure|your[-_]|xxxx|^(.)\1+$/i;

function refusePlaceholderSecrets(e: { JWT_SECRET?: string; SUBGRAPH_SECRET?: string; KEY_ENCRYPTION_KEY?: string }): void {
  for (const name of ['JWT_SECRET', 'SUBGRAPH_SECRET'] as const) {
    const value = e[name];
    if (value && (value === INSECURE_DEV_JWT_SECRET || PLACEHOLDER.test(value))) {
      throw new ConfigError(`${name} looks like a placeholder, which production refuses: generate one (openssl rand -base64 48)`);
    }
  }
  const key = e.KEY_ENCRYPTION_KEY ? Buffer.from(e.KEY_ENCRYPTION_KEY, 'base64') : null;
  // A key of one repeated byte (the development default is 32 × 0x07) is no key.
  if (key && (key.equals(Buffer.from(INSECURE_DEV_ENCRYPTION_KEY, 'base64')) || new Set(key).size < 8)) {
    throw new ConfigError('KEY_ENCRYPTION_KEY looks like a placeholder, which production refuses: generate one (openssl rand -base64 32)');
  }
}

function tracingConfig(e: z.infer<typeof envSchema>): TracingConfig | null {
  const generic = e.OTEL_EXPORTER_OTLP_ENDPOINT;
  const url = e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (generic ? `${generic.replace(/\/$/, '')}/v1/traces` : undefined);
  if (!url) return null;
  // "key1=value1,key2=value2", values URL-encoded, as the specification writes them.
  const headers = Object.fromEntries(
    (e.OTEL_EXPORTER_OTLP_HEADERS ?? '').split(',').filter((pair) => pair.includes('='))
      .map((pair) => [pair.slice(0, pair.indexOf('=')).trim(), decodeURIComponent(pair.slice(pair.indexOf('=') + 1).trim())]),
  );
  return {
    url,
    protocol: e.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? e.OTEL_EXPORTER_OTLP_PROTOCOL,
    headers,
    serviceName: e.OTEL_SERVICE_NAME ?? 'opsgraph',
    scheduleDelayMs: e.OTEL_BSP_SCHEDULE_DELAY,
  };
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  const providerEnv = providerEnvSchema().safeParse(env);
  if (!parsed.success || !providerEnv.success) {
    const issues = [...(parsed.error?.issues ?? []), ...(providerEnv.error?.issues ?? [])];
    const lines = issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  // Apollo's libraries read these themselves and would then report usage and schemas to Apollo's cloud.
  const apolloCloud = ['APOLLO_KEY', 'APOLLO_GRAPH_REF', 'APOLLO_SCHEMA_REPORTING'].filter((name) => env[name] !== undefined && env[name] !== '');
  if (apolloCloud.length > 0) {
    throw new ConfigError(`${apolloCloud.join(', ')} must be unset: opsgraph sends nothing to Apollo's cloud (usage and schema reporting are off)`);
  }
  if (e.NODE_ENV === 'production' && (!e.JWT_SECRET || !e.KEY_ENCRYPTION_KEY)) {
    throw new ConfigError('JWT_SECRET and KEY_ENCRYPTION_KEY must be set when NODE_ENV=production');
  }
  if (e.NODE_ENV === 'production') refusePlaceholderSecrets(e);
  if (e.NODE_ENV === 'production' && e.GATEWAY_AUTH === 'off') {
    throw new ConfigError('GATEWAY_AUTH=off is refused when NODE_ENV=production: every request would act without a token');
  }
  const jwtSecret = e.JWT_SECRET ?? INSECURE_DEV_JWT_SECRET;
  const sandboxUrl = e.SANDBOX_URL ?? `http://127.0.0.1:${e.SANDBOX_PORT}`;
  const p = providerEnv.data as Record<string, string | undefined>;
  const baseUrls = {} as Record<ConfiguredProvider, string>;
  const settings: Record<string, string> = {};
  for (const descriptor of SERVED_PROVIDERS) {
    const { env: name, live, sandboxPath } = descriptor.baseUrl;
    baseUrls[lowerName(descriptor.name)] = p[name] ?? (e.PROVIDERS === 'live' ? live : sandboxUrl + sandboxPath);
    for (const [key, setting] of Object.entries(descriptor.settings ?? {})) settings[key] = p[setting.env]!;
  }
  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    tracing: tracingConfig(e),
    logFormat: e.LOG_FORMAT === 'auto' ? (process.stdout.isTTY && e.NODE_ENV !== 'production' ? 'pretty' : 'json') : e.LOG_FORMAT,
    host: e.HOST,
    ports: {
      gateway: e.GATEWAY_PORT, commerce: e.COMMERCE_PORT, logistics: e.LOGISTICS_PORT,
      finance: e.FINANCE_PORT, ai: e.AI_PORT, keys: e.KEYS_PORT, sandbox: e.SANDBOX_PORT,
    },
    storage: e.DATABASE_URL ? { mode: 'postgres', databaseUrl: e.DATABASE_URL } : { mode: 'embedded', dataDir: e.DATA_DIR },
    pubsub: e.REDIS_URL ? { mode: 'redis', redisUrl: e.REDIS_URL } : { mode: 'memory' },
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    auth: {
      jwtSecret,
      // Subgraphs trust only identities the gateway signed; a separate secret keeps user tokens from passing as one.
      subgraphSecret: e.SUBGRAPH_SECRET ?? `${jwtSecret}:subgraph-identity`,
      insecureDefaults: !e.JWT_SECRET,
      jwksUrl: e.JWKS_URL,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
    },
    tenantRateLimit: { perSecond: e.TENANT_RATE_PER_SECOND, burst: e.TENANT_BURST, overrides: e.TENANT_RATE_LIMITS ?? {} },
    keyEncryptionKey: {
      key: Buffer.from(e.KEY_ENCRYPTION_KEY ?? INSECURE_DEV_ENCRYPTION_KEY, 'base64'),
      previous: (e.KEY_ENCRYPTION_KEY_PREVIOUS?.split(',') ?? []).map((part) => Buffer.from(part.trim(), 'base64')),
      insecureDefault: !e.KEY_ENCRYPTION_KEY,
    },
    providers: { mode: e.PROVIDERS, baseUrls, ...(settings as ProviderSettings) },
    sync: { intervalMs: e.SYNC_INTERVAL_MS },
    reconciliation: { orderPaidRetryMs: e.ORDER_PAID_RETRY_MS },
    agent: { maxSteps: e.AGENT_MAX_STEPS, maxTokens: e.AGENT_MAX_TOKENS, timeoutMs: e.AGENT_TIMEOUT_MS },
    knowledgeVector: e.KNOWLEDGE_VECTOR,
    llmPrices: e.LLM_PRICES ?? {},
    trackingCacheTtlScale: e.TRACKING_CACHE_TTL_SCALE,
    trustedDocumentsPath: e.TRUSTED_DOCUMENTS_PATH,
    limits: {
      maxDepth: e.MAX_DEPTH, maxAliases: e.MAX_ALIASES, maxDirectives: e.MAX_DIRECTIVES, maxTokens: e.MAX_TOKENS, maxTokenLength: e.MAX_TOKEN_LENGTH,
      maxCost: e.MAX_COST, defaultFirst: e.DEFAULT_FIRST, maxBodyBytes: e.MAX_BODY_BYTES, maxBatch: e.MAX_BATCH,
    },
    subscriptions: {
      keepAliveMs: e.WS_KEEPALIVE_MS, maxPendingEvents: e.WS_MAX_PENDING_EVENTS,
      maxSocketsPerUser: e.WS_MAX_SOCKETS_PER_USER, maxSocketsPerTenant: e.WS_MAX_SOCKETS_PER_TENANT, maxSubscriptionsPerTenant: e.WS_MAX_SUBSCRIPTIONS_PER_TENANT,
    },
    subgraphLink: { identityTtlMs: e.SUBGRAPH_IDENTITY_TTL_MS, socketIdentityTtlMs: e.SUBGRAPH_SOCKET_TTL_MS, clientIdleMs: e.SUBGRAPH_CLIENT_IDLE_MS },
    faults: {
      gatewayReplicas: e.GATEWAY_REPLICAS, keyringReplicas: e.KEYRING_REPLICAS,
      webhookRate: { perSecond: e.WEBHOOK_RATE_PER_SECOND, burst: e.WEBHOOK_BURST },
      oauthCallbackRate: { perSecond: e.OAUTH_CALLBACK_RATE_PER_SECOND, burst: e.OAUTH_CALLBACK_BURST },
    },
    edgeGuards: {
      metricsToken: e.METRICS_TOKEN,
      tokens: { maxLifetimeS: e.JWT_MAX_LIFETIME_S, clockSkewS: e.JWT_CLOCK_SKEW_S },
      apq: { maxBytes: e.APQ_MAX_BYTES, maxPerTenant: e.APQ_MAX_PER_TENANT, ttlS: e.APQ_TTL_S },
    },
    // With a supergraph file SUBGRAPH_URLS names that supergraph's subgraphs, not ours.
    subgraphUrls: subgraphUrls(e.SUPERGRAPH ? undefined : e.SUBGRAPH_URLS, e.HOST, {
      commerce: e.COMMERCE_PORT, logistics: e.LOGISTICS_PORT, finance: e.FINANCE_PORT, ai: e.AI_PORT, keys: e.KEYS_PORT,
    }),
    supergraph: e.SUPERGRAPH ? { path: e.SUPERGRAPH, urlOverrides: urlPairs(e.SUBGRAPH_URLS) } : null,
    gatewayAuth: e.GATEWAY_AUTH,
    gatewayWorkers: e.GATEWAY_WORKERS ?? (e.NODE_ENV === 'test' ? 1 : os.availableParallelism()),
    gatewayExecutor: { kind: e.GATEWAY_EXECUTOR, cacheSize: e.GATEWAY_OPERATION_CACHE_SIZE, shareFetches: e.GATEWAY_SHARE_FETCHES === 'on' },
  };
}

/** `name=url,name2=url2` as a map. */
function urlPairs(explicit: string | undefined): Record<string, string> {
  return Object.fromEntries((explicit?.split(',') ?? []).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
}

function subgraphUrls(explicit: string | undefined, host: string, ports: Record<SubgraphName, number>): Record<SubgraphName, string> {
  const urls = Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [name, `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${ports[name]}/graphql`]),
  ) as Record<SubgraphName, string>;
  for (const pair of explicit?.split(',') ?? []) {
    const [name, url] = pair.split('=');
    if (!(SUBGRAPH_NAMES as readonly string[]).includes(name)) {
      throw new ConfigError(`SUBGRAPH_URLS names unknown subgraph "${name}"; known: ${SUBGRAPH_NAMES.join(', ')}`);
    }
    urls[name as SubgraphName] = url;
  }
  return urls;
}

/** The providers' own settings out of `config.providers` (redirect URIs, codes), by the names their descriptors give them. */
export function providerSettings(providers: Config['providers']): Record<string, string> {
  const all = providers as unknown as Record<string, unknown>;
  return Object.fromEntries(
    SERVED_PROVIDERS.flatMap((descriptor) => Object.keys(descriptor.settings ?? {}).map((key) => [key, String(all[key])])),
  );
}
