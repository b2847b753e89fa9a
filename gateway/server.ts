// The edge: one HTTP server with /graphql (the federated gateway), /health and /ready. The server reads as a
// list of plugins; per-request identity is verified here and forwarded to subgraphs signed.
import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloGateway } from '@apollo/gateway';
import {
  ApolloServerPluginLandingPageDisabled, ApolloServerPluginSchemaReportingDisabled, ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { GraphQLError, OperationTypeNode, type DocumentNode } from 'graphql';
import type { QueryPlan } from '@apollo/query-planner';
import type { Identity } from '../platform/identity';
import { apolloRoute, closeServer, createHttpServer, listen, sendJson } from '../platform/http';
import type { Logger } from '../platform/logger';
import { DEFAULT_EDGE_GUARDS, type Config, type EdgeGuards } from '../platform/config';
import { MemoryStore, type KeyValueStore } from '../platform/kv';
import type { SourceRate } from '../platform/source-limit';
import { signedSubgraphSource } from './subgraph-source';
import { withOpsgraphExecutor } from './executor';
import { lruKeyValueCache } from './executor/lru';
import { composeSupergraph, DEFAULT_SDL_RETRY, fetchSubgraphSdls } from './compose';
import type { SupergraphFile } from './supergraph-file';
import { formatGatewayError } from './errors';
import { gatewayMetrics } from './plugins/metrics';
import {
  DEFAULT_OPERATION_LIMITS, isLimitRefusal, operationCostCheck, operationLimitRules, operationLimitsPlugin, type OperationLimits,
} from './plugins/operation-limits';
import { batchLimitRoute } from './plugins/batch-limit';
import { rateLimitPlugin, type RequestRate } from './plugins/rate-limit';
import { openRateLimitStore } from './plugins/rate-limit-store';
import { ANONYMOUS_IDENTITY, createTokenVerifier } from './plugins/auth';
import { persistedOperations } from './plugins/persisted-operations';
import { apqBoundsPlugin } from './plugins/apq-bounds';
import { scalarInputsPlugin } from './plugins/scalar-inputs';
import { attachSubscriptionServer } from './subscriptions/server';
import { SubscriptionPlanner } from './subscriptions/planner';
import { consoleRoutes } from './console';
import { providerRoutes } from './provider-routes';
import { DEFAULT_BUDGET, SubscriptionBudget, openLeaseStore, type BudgetLimits } from './subscriptions/budget';

export interface GatewayContext {
  identity: Identity;
  requestId: string;
}

export interface GatewayOptions {
  /** Operation limits, rate limits and persisted operations; false only to measure what they cost. */
  edge?: boolean;
  subgraphs: Array<{ name: string; url: string }>;
  /** The standalone gateway: serves this supergraph file (reloaded when it changes) instead of composing `subgraphs`. */
  supergraph?: SupergraphFile;
  /** false (GATEWAY_AUTH=off, refused in production): no tokens, every request acts as ANONYMOUS_IDENTITY. */
  auth?: boolean;
  port: number;
  host?: string;
  jwtSecret: string;
  subgraphSecret: string;
  production: boolean;
  logger: Logger;
  /** Depth, aliases, directives, tokens, cost, body size and batch size (defaults: DEFAULT_OPERATION_LIMITS). */
  limits?: OperationLimits;
  /** APQ's hash -> document store (shared across replicas in Redis) and the partners' trusted-documents manifest. */
  persisted?: { kv?: KeyValueStore; manifestPath?: string };
  /** Where the rate-limit counters live (Redis for exact limits across replicas) and the per-tenant rate. */
  rateLimits?: {
    store: { mode: 'redis'; redisUrl: string } | { mode: 'memory' };
    keyPrefix: string;
    /** Gateways sharing the limits: each takes 1/replicas of every limit while Redis is unreachable. */
    replicas?: number;
    requestRate: RequestRate & { overrides: Record<string, RequestRate> };
  };
  /** OAuth callbacks (`/oauth/<provider>/callback`) per source IP; over it: 429 (default DEFAULT_OAUTH_CALLBACK_RATE). */
  oauthCallbackRate?: SourceRate;
  /** RS256/ES256 verification against a JWKS, and the claims every user token must carry. */
  tokens?: { jwksUrl?: string; issuer: string; audience?: string };
  /** The guards against abuse: /metrics token, token lifetimes, APQ bounds (defaults: DEFAULT_EDGE_GUARDS). */
  guards?: EdgeGuards;
  /**
   * graphql-ws: ping interval, how many unread events a subscriber may fall behind before it is dropped, and the
   * budgets of sockets (per user, per tenant) and subscriptions (per tenant); defaults in budget.ts.
   */
  subscriptions?: { keepAliveMs?: number; maxPendingEvents?: number } & Partial<BudgetLimits>;
  /** The identity forwarded to subgraphs (lifetimes) and the idle timeout of pooled connections to them. */
  subgraphLink?: { identityTtlMs?: number; socketIdentityTtlMs?: number; clientIdleMs?: number };
  /** Who runs query plans and how many operations are cached; left out: stock's (config's GATEWAY_EXECUTOR default is opsgraph's). */
  executor?: { kind: 'opsgraph' | 'apollo'; cacheSize: number; shareFetches?: boolean };
}

/** Everything the gateway takes that follows from the configuration; callers add subgraphs, port and stores. */
export function gatewayOptionsFrom(
  config: Config,
  logger: Logger,
): Pick<
  GatewayOptions,
  'auth' | 'host' | 'jwtSecret' | 'subgraphSecret' | 'production' | 'logger' | 'rateLimits' | 'tokens' | 'limits' | 'subscriptions' | 'guards' | 'subgraphLink' | 'oauthCallbackRate' | 'executor'
> {
  return {
    auth: config.gatewayAuth !== 'off',
    host: config.host,
    jwtSecret: config.auth.jwtSecret,
    subgraphSecret: config.auth.subgraphSecret,
    production: config.env === 'production',
    logger,
    rateLimits: { store: config.pubsub, keyPrefix: config.redisKeyPrefix, requestRate: config.tenantRateLimit, replicas: config.faults.gatewayReplicas },
    tokens: { jwksUrl: config.auth.jwksUrl, issuer: config.auth.issuer, audience: config.auth.audience },
    limits: config.limits,
    subscriptions: config.subscriptions,
    guards: config.edgeGuards,
    subgraphLink: config.subgraphLink,
    oauthCallbackRate: config.faults.oauthCallbackRate,
    executor: config.gatewayExecutor,
  };
}

export interface RunningGateway {
  url: string;
  port: number;
  /** Subscribers, upstream subscriptions and open sockets, for tests and the benchmark. */
  subscriptions: { readonly connections: number; readonly upstreams: number; readonly upstreamConnections: number; readonly subscribers: number };
  /** Entries in Apollo Server's document store and @apollo/gateway's plan store (each at most GATEWAY_OPERATION_CACHE_SIZE). */
  caches: { readonly documents: number; readonly plans: number };
  close(): Promise<void>;
}

function requestIdPlugin(logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      return {
        async didEncounterErrors({ errors, operationName }) {
          // One line per failed request, found by the request id every error response carries.
          logger.warn(
            {
              requestId: contextValue.requestId,
              tenant: contextValue.identity?.tenant,
              operationName,
              errors: errors.map((error) => ({ message: error.message, path: error.path, code: error.extensions?.code })),
            },
            'request failed',
          );
        },
        async willSendResponse({ response }) {
          response.http.headers.set('x-request-id', contextValue.requestId);
          // The id in each error lets an operator find the log line of a masked failure.
          if (response.body.kind === 'single') {
            for (const error of response.body.singleResult.errors ?? []) {
              (error.extensions as Record<string, unknown>).requestId = contextValue.requestId;
            }
          }
        },
      };
    },
  };
}

/** A subscription sent over HTTP gets a clear answer (Apollo's gateway would fail it as an internal error). */
function subscriptionsOverWebSocketOnly(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== OperationTypeNode.SUBSCRIPTION) return;
          throw new GraphQLError('Subscriptions are served over graphql-ws on this same /graphql path (connectionParams: { authorization })', {
            extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
          });
        },
      };
    },
  };
}

/** Ours answer /health; a foreign subgraph (a supergraph file's) is asked `{ __typename }`, as Apollo's health check does. */
async function isReady(subgraphs: readonly { name: string; url: string }[], foreign: boolean): Promise<boolean> {
  const probe = async (url: string) => {
    const signal = AbortSignal.timeout(2000);
    if ((await fetch(new URL('/health', url), { signal })).ok) return true;
    if (!foreign) return false;
    const response = await fetch(url, {
      method: 'POST', signal, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }),
    });
    return response.ok;
  };
  const checks = await Promise.allSettled(subgraphs.map((subgraph) => probe(subgraph.url)));
  return checks.every((check) => check.status === 'fulfilled' && check.value);
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  if (options.auth === false) {
    if (options.production) throw new Error('GATEWAY_AUTH=off is refused in production');
    options.logger.warn({ identity: ANONYMOUS_IDENTITY }, 'GATEWAY_AUTH=off: no tokens asked; every request acts as the anonymous identity');
  }
  const supergraphSdl = options.supergraph?.sdl ?? composeSupergraph(await fetchSubgraphSdls(options.subgraphs, {
    ...DEFAULT_SDL_RETRY,
    onWait: (waiting, delayMs) =>
      options.logger.warn({ waiting: waiting.map(({ name, url, reason }) => ({ name, url, reason })), retryInMs: delayMs }, 'waiting for subgraphs'),
  }));
  // A supergraph file's subgraphs are the ones it names now (it may be reloaded); otherwise ours.
  const subgraphs = () => options.supergraph?.subgraphs ?? options.subgraphs;
  // @apollo/gateway otherwise exports usage metrics to Apollo from its constructor, after probing the cloud
  // metadata endpoints (AWS, GCP, Azure, Alibaba) for resource attributes; this variable is its only switch.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  // Per-operation caches (documents, plans, compiled selections, limit results) all hold at most this many
  // operations, so distinct operations sent by clients cannot grow the gateway's memory (bench/memory-flat.ts).
  const cacheSize = options.executor?.cacheSize ?? 1000;
  const documentStore = lruKeyValueCache<DocumentNode>(cacheSize);
  const planStore = lruKeyValueCache<QueryPlan>(cacheSize);
  const gateway = new ApolloGateway({
    queryPlannerConfig: { cache: planStore },
    supergraphSdl: options.supergraph?.manager() ?? supergraphSdl,
    buildService: ({ name, url }) =>
      signedSubgraphSource({
        name, url: url!, subgraphSecret: options.subgraphSecret,
        identityTtlMs: options.subgraphLink?.identityTtlMs, idleMs: options.subgraphLink?.clientIdleMs,
      }),
  });
  const guards = options.guards ?? DEFAULT_EDGE_GUARDS;
  const persisted = persistedOperations({ ...options.persisted, logger: options.logger, apqTtlS: guards.apq.ttlS });
  // Without a shared store (a gateway on its own in a test) APQ registrations are counted in this process.
  const apqStore = options.persisted?.kv ?? new MemoryStore();
  const metrics = gatewayMetrics({
    knownOperations: () => persisted.documents.operationNames,
    // Production without a token serves no metrics rather than serve them to anyone.
    token: guards.metricsToken ?? (options.production ? null : undefined),
  });
  // Off only for the benchmark that measures what the edge adds (bench/edge-overhead.ts); auth always stays.
  const edge = options.edge !== false;
  const storeConfig = options.rateLimits?.store ?? { mode: 'memory' as const };
  const keyPrefix = options.rateLimits?.keyPrefix ?? 'opsgraph:';
  const requestRate = options.rateLimits?.requestRate ?? { perSecond: 50, burst: 100, overrides: {} };
  // One store for HTTP requests and subscribe messages alike: both draw on the tenant's one request rate. Opened
  // even with the edge off, since /ready reports on the Redis behind it.
  const rateLimitStore = await openRateLimitStore(storeConfig, keyPrefix, options.rateLimits?.replicas);
  // Plugins that spend something per operation (rate, APQ allowance) run the cost check first themselves.
  const costCheck = operationCostCheck(options.limits ?? DEFAULT_OPERATION_LIMITS, cacheSize);
  const apollo = new ApolloServer<GatewayContext>({
    persistedQueries: persisted.apq,
    documentStore,
    gateway: options.executor?.kind === 'opsgraph' ? withOpsgraphExecutor(gateway, { cacheSize: options.executor.cacheSize, shareFetches: options.executor.shareFetches ?? true }) : gateway,
    introspection: !options.production,
    validationRules: edge ? operationLimitRules(options.limits ?? DEFAULT_OPERATION_LIMITS) : [],
    allowBatchedHttpRequests: (options.limits ?? DEFAULT_OPERATION_LIMITS).maxBatch > 1,
    // "Did you mean …?" would map the schema for a stranger, as introspection would.
    validationOptions: { hideSuggestions: options.production },
    // The process owns shutdown (scripts/start.ts, scripts/serve.ts): Apollo must not race it on SIGINT.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    plugins: [
      // Nothing leaves the machine unasked: no usage or schema reports to Apollo (even with APOLLO_KEY in the
      // environment), and no landing page whose HTML loads Apollo's scripts from their CDN.
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      requestIdPlugin(options.logger),
      metrics.plugin,
      subscriptionsOverWebSocketOnly(),
      ...(edge
        ? [
            operationLimitsPlugin({ limits: options.limits ?? DEFAULT_OPERATION_LIMITS, check: costCheck }),
            scalarInputsPlugin(),
            persisted.plugin,
            apqBoundsPlugin({ store: apqStore, bounds: guards.apq, admit: costCheck }),
            rateLimitPlugin({ supergraphSdl, store: rateLimitStore, requestRate, admit: costCheck, cacheSize }),
          ]
        : []),
    ],
    formatError: (formatted, error) =>
      formatGatewayError(formatted, { production: options.production, limitRefusal: isLimitRefusal(error) }),
    logger: {
      debug: () => undefined,
      info: () => undefined,
      warn: (message) => options.logger.warn(message),
      error: (message) => options.logger.error(message),
    },
  });
  await apollo.start();
  const verifyToken = options.auth === false ? async () => ANONYMOUS_IDENTITY : createTokenVerifier({
    // With a JWKS in production, HS256 (the development path) is off.
    jwtSecret: options.production && options.tokens?.jwksUrl ? null : options.jwtSecret,
    jwksUrl: options.tokens?.jwksUrl,
    issuer: options.tokens?.issuer ?? 'opsgraph',
    audience: options.tokens?.audience,
    maxLifetimeS: guards.tokens.maxLifetimeS,
    clockSkewS: guards.tokens.clockSkewS,
  });

  const graphql = apolloRoute(apollo, async (req, sent) => {
    const requestId = randomUUID();
    let identity: Identity;
    try {
      identity = await verifyToken(req.headers.authorization);
    } catch (error) {
      const reason = error instanceof GraphQLError ? error.message : 'Not authenticated';
      throw new GraphQLError(reason, { extensions: { code: 'UNAUTHENTICATED', requestId, http: { status: 401 } } });
    }
    if (edge) persisted.check(identity, sent, requestId);
    return { identity, requestId };
  });
  const server: http.Server = createHttpServer({
    maxBodyBytes: (options.limits ?? DEFAULT_OPERATION_LIMITS).maxBodyBytes,
    routes: {
      '/graphql': batchLimitRoute(graphql, (options.limits ?? DEFAULT_OPERATION_LIMITS).maxBatch),
      '/health': (_req, res) => sendJson(res, 200, { status: 'ok' }),
      '/metrics': metrics.route,
      // Providers' webhooks and OAuth callbacks, from the registry; their subgraphs check and apply them.
      ...providerRoutes({
        subgraphs: options.subgraphs, subgraphSecret: options.subgraphSecret, logger: options.logger, oauthCallbackRate: options.oauthCallbackRate,
      }),
      ...consoleRoutes(), // /console/ (the admin console) and /graphiql: static files, see gateway/console.ts
      '/ready': async (_req, res) => {
        // Without Redis the gateway still serves (per-process shares of its limits), but not as one of N replicas.
        if (!rateLimitStore.connected) return sendJson(res, 503, { status: 'Redis is unreachable' });
        const ready = await isReady(subgraphs(), options.supergraph !== undefined);
        sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'waiting for subgraphs' });
      },
    },
  });
  const planner = new SubscriptionPlanner(supergraphSdl);
  const live = attachSubscriptionServer({
    server,
    apollo,
    planner,
    subgraphs: [...subgraphs()],
    subgraphSecret: options.subgraphSecret,
    verifyToken,
    trustedDocuments: persisted.documents,
    validationRules: edge ? operationLimitRules(options.limits ?? DEFAULT_OPERATION_LIMITS) : [],
    costCheck: edge ? operationCostCheck(options.limits ?? DEFAULT_OPERATION_LIMITS) : undefined,
    production: options.production,
    logger: options.logger,
    maxPayloadBytes: (options.limits ?? DEFAULT_OPERATION_LIMITS).maxBodyBytes,
    keepAliveMs: options.subscriptions?.keepAliveMs,
    maxPendingEvents: options.subscriptions?.maxPendingEvents,
    budget: new SubscriptionBudget(openLeaseStore(storeConfig, keyPrefix), {
      maxSocketsPerUser: options.subscriptions?.maxSocketsPerUser ?? DEFAULT_BUDGET.maxSocketsPerUser,
      maxSocketsPerTenant: options.subscriptions?.maxSocketsPerTenant ?? DEFAULT_BUDGET.maxSocketsPerTenant,
      maxSubscriptionsPerTenant: options.subscriptions?.maxSubscriptionsPerTenant ?? DEFAULT_BUDGET.maxSubscriptionsPerTenant,
    }),
    rate: edge ? { store: rateLimitStore, requestRate } : undefined,
    subgraphLink: options.subgraphLink,
  });
  // A reloaded supergraph file: new subscriptions are planned against it and reach its subgraphs.
  const stopFollowing = options.supergraph?.onChange((sdl) => {
    try {
      planner.replace(sdl);
      live.hub.setSubgraphs(options.supergraph!.subgraphs);
    } catch (error) {
      options.logger.error({ err: (error as Error).message }, 'subscriptions stay on the previous supergraph');
    }
  });
  metrics.observeSubscriptions(() => ({ connections: live.connections, upstreams: live.hub.upstreamCount, subscribers: live.hub.subscriberCount }));
  const port = await listen(server, options.port, options.host);
  return {
    port,
    url: `http://${options.host ?? '127.0.0.1'}:${port}/graphql`,
    subscriptions: {
      get connections() {
        return live.connections;
      },
      get upstreams() {
        return live.hub.upstreamCount;
      },
      get subscribers() {
        return live.hub.subscriberCount;
      },
      get upstreamConnections() {
        return live.hub.upstreamConnectionCount;
      },
    },
    caches: {
      get documents() {
        return documentStore.size;
      },
      get plans() {
        return planStore.size;
      },
    },
    close: async () => {
      stopFollowing?.();
      await live.close();
      await closeServer(server);
      await apollo.stop();
      // With the edge on, the rate-limit plugin closes it when Apollo stops.
      if (!edge) await rateLimitStore.close();
      persisted.close();
    },
  };
}
