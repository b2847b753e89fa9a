// What every subgraph shares: its type-graphql schema turned into a federation subgraph, and one server shape
// (/graphql for the gateway, /health) that refuses any request the gateway did not sign.
import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled, ApolloServerPluginSchemaReportingDisabled, ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { GraphQLError, Kind, OperationTypeNode, createSourceEventStream, execute, getOperationAST, parse, type ExecutionArgs, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { buildSchema, createResolversMap, type BuildSchemaOptions } from 'type-graphql';
import { IDENTITY_HEADER, requireRole, verifySubgraphIdentity, type Identity, type Role } from './identity';
import { forbidden, unauthenticated } from './errors';
import { apolloRoute, closeServer, createHttpServer, listen, sendJson, type Route } from './http';
import type { Logger } from './logger';
import type { EventBus } from './events';

const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@external", "@requires", "@shareable", "@inaccessible", "@composeDirective"])';

// `@rateLimit(window: "1m", max: 10)` on a field: composed into the supergraph, where the gateway reads it
// (gateway/plugins/rate-limit.ts); the subgraph itself does nothing with it.
const RATE_LIMIT_LINK = `extend schema @link(url: "https://opsgraph.dev/rate-limit/v1.0", import: ["@rateLimit"]) @composeDirective(name: "@rateLimit")
directive @rateLimit(window: String!, max: Int!) on FIELD_DEFINITION`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ReferenceResolvers = Record<string, { __resolveReference: (reference: any, context: any) => unknown }>;

export async function buildFederatedSchema(
  options: Omit<BuildSchemaOptions, 'skipCheck'>,
  referenceResolvers: ReferenceResolvers = {},
): Promise<GraphQLSchema> {
  // Roles are declared on the schema (`@Authorized('operator')`) and enforced here, in the subgraph that owns the
  // field, with the identity the gateway signed; a refusal is FORBIDDEN naming the role.
  const schema = await buildSchema({
    ...options,
    skipCheck: true,
    validate: false,
    // Every subscription field names its own source (`subscribe:`, over the EventBus); type-graphql's topics are unused.
    pubSub: {
      publish: () => {
        throw new Error('publish through the EventBus (platform/events.ts)');
      },
      subscribe: () => {
        throw new Error('subscription fields declare `subscribe:` (platform/graphql/subscriptions.ts)');
      },
    },
    authChecker: ({ context }: { context: { identity?: Identity } }, roles: string[]) => {
      if (!context.identity) throw unauthenticated('Not authenticated');
      for (const role of roles) requireRole(context.identity, role as Role);
      return true;
    },
  });
  const resolvers = createResolversMap(schema) as Record<string, Record<string, unknown>>;
  for (const [typeName, resolver] of Object.entries(referenceResolvers)) {
    resolvers[typeName] = { ...(resolvers[typeName] ?? {}), ...resolver };
  }
  const typeDefs = parse(`${FEDERATION_LINK}\n${RATE_LIMIT_LINK}\n${printSchemaWithDirectives(schema)}`);
  return buildSubgraphSchema([{ typeDefs, resolvers: resolvers as GraphQLResolverMap<unknown> }]);
}

/**
 * The close code of a gateway socket whose identity expired (the gateway has renewed it before, normally): 4403,
 * which graphql-ws clients retry (a fresh identity then opens a new socket); 4401 would end every subscription.
 */
export const SUBGRAPH_IDENTITY_EXPIRED = 4403;

export interface SubgraphContext {
  identity: Identity;
  requestId: string;
}

/** The SDL query the gateway composes from is public; everything else needs the gateway's signed identity. */
function onlyServiceIntrospection(document: OperationDefinitionNode | undefined): boolean {
  if (!document || document.operation !== OperationTypeNode.QUERY) return false;
  return document.selectionSet.selections.every(
    (selection) => selection.kind === Kind.FIELD && (selection.name.value === '_service' || selection.name.value === '__typename'),
  );
}

function identityGuard(): ApolloServerPlugin<{ identity?: Identity; identityError?: GraphQLError }> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation }) {
          if (contextValue.identity || onlyServiceIntrospection(operation)) return;
          throw contextValue.identityError ?? unauthenticated('Not authenticated');
        },
      };
    },
  };
}

/** An id per event object: every subscription of this process that receives the event gets the same object. */
const eventIds = new WeakMap<object, string>();

/**
 * graphql-js's `subscribe`, with each result tagged `extensions.event`: the id of the event it resolves, the same
 * for every subscription that event reaches here, so the gateway resolves the rest of the plan of all of them
 * with one fetch per subgraph (gateway/subscriptions/coalesce.ts). `return()` ends the source at once, even
 * while it waits for an event (an async generator would wait for that event first).
 */
async function subscribeTaggingEvents(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in source)) return source;
  const events = source as AsyncIterableIterator<unknown>;
  const tag = (event: unknown) => {
    if (typeof event !== 'object' || event === null) return undefined;
    let id = eventIds.get(event);
    if (!id) eventIds.set(event, (id = randomUUID()));
    return id;
  };
  const iterator: AsyncIterableIterator<ExecutionResult> = {
    next: async () => {
      const step = await events.next();
      if (step.done) return { done: true, value: undefined };
      const result = await execute({ ...args, rootValue: step.value });
      const id = tag(step.value);
      return { done: false, value: id ? { ...result, extensions: { ...result.extensions, event: id } } : result };
    },
    return: async () => {
      await events.return?.();
      return { done: true, value: undefined };
    },
    throw: async (error: unknown) => {
      await events.return?.();
      throw error;
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/** What every subgraph's start function takes, besides its own dependencies. */
export interface CommonSubgraphOptions {
  /** Redis pub/sub (or in-process): what subgraphs publish and their subscriptions listen to. */
  events: EventBus;
  port: number;
  host?: string;
  subgraphSecret: string;
  logger: Logger;
}

export interface SubgraphServerOptions<TContext> {
  name: string;
  schema: GraphQLSchema;
  port: number;
  host?: string;
  subgraphSecret: string;
  logger: Logger;
  createContext: (base: SubgraphContext) => TContext;
  routes?: Record<string, Route>;
}

export interface RunningSubgraph {
  name: string;
  url: string;
  port: number;
  /** Subscriptions running here now (the gateway shares one among its subscribers of the same operation). */
  activeSubscriptions(): number;
  /** graphql-ws connections accepted since start (the gateway opens one per tenant and renews it before its identity expires). */
  socketsOpened(): number;
  /** HTTP GraphQL requests received since start (each entity fetch of the gateway is one). */
  requestsReceived(): number;
  close(): Promise<void>;
}

export async function startSubgraphServer<TContext extends SubgraphContext>(
  options: SubgraphServerOptions<TContext>,
): Promise<RunningSubgraph> {
  const apollo = new ApolloServer<TContext & { identityError?: GraphQLError }>({
    schema: options.schema,
    // Nothing leaves the machine unasked: no usage or schema reports to Apollo, no landing page loading Apollo's CDN.
    // No cache-control plugin: no subgraph sets cache hints, and it wrapped every resolver of every request.
    plugins: [
      ApolloServerPluginUsageReportingDisabled(), ApolloServerPluginSchemaReportingDisabled(), ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(), identityGuard(),
    ],
    introspection: true,
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    logger: { debug: () => undefined, info: () => undefined, warn: (m) => options.logger.warn(m), error: (m) => options.logger.error(m) },
  });
  await apollo.start();
  let requests = 0;
  const graphql = apolloRoute(apollo, async (req, sent) => {
    requests += 1;
    const header = req.headers[IDENTITY_HEADER];
    const requestId = String(req.headers['x-request-id'] ?? '');
    try {
      // Made for this subgraph and this very body: a captured header replays nowhere else, and not for long.
      const { exp: _exp, ...identity } = verifySubgraphIdentity(Array.isArray(header) ? header[0] : header, options.subgraphSecret, {
        audience: options.name, body: sent.bytes,
      });
      return { ...options.createContext({ identity, requestId }) };
    } catch (error) {
      // Resolved in the guard plugin: the SDL query stays public, anything else is refused with this reason.
      return { identity: undefined, requestId, identityError: error as GraphQLError } as unknown as TContext;
    }
  });
  const server: http.Server = createHttpServer({
    routes: {
      '/graphql': graphql,
      '/health': (_req, res) => sendJson(res, 200, { status: 'ok', subgraph: options.name }),
      ...(options.routes ?? {}),
    },
  });
  // Subscriptions over graphql-ws on the same path, for the gateway only: the connection carries an identity the
  // gateway made for a socket to this subgraph, and lives no longer than it (closed with 4401 at its expiry; the
  // gateway opens a fresh connection before that). Only subscriptions: queries and mutations come over HTTP, where
  // each one carries an identity bound to its body.
  let active = 0;
  let opened = 0;
  const sockets = options.schema.getSubscriptionType() ? new WebSocketServer({ server, path: '/graphql' }) : null;
  const wsServer = sockets
    ? useServer<Record<string, unknown>, { identity: Identity }>(
        {
          schema: options.schema,
          onConnect: async (ctx) => {
            const signed = ctx.connectionParams?.[IDENTITY_HEADER];
            const socket = ctx.extra.socket;
            try {
              const { exp, ...identity } = verifySubgraphIdentity(typeof signed === 'string' ? signed : undefined, options.subgraphSecret, {
                audience: options.name, socket: true,
              });
              ctx.extra.identity = identity;
              opened += 1;
              const expiry = setTimeout(() => socket.close(SUBGRAPH_IDENTITY_EXPIRED, 'Identity expired'), Math.max(0, exp - Date.now()));
              expiry.unref();
              socket.once('close', () => clearTimeout(expiry));
              return true;
            } catch {
              socket.close(4401, 'Unauthorized');
              return false;
            }
          },
          onSubscribe: (_ctx, _id, payload) => {
            let kind: string | undefined;
            try {
              kind = getOperationAST(parse(payload.query), payload.operationName)?.operation;
            } catch {
              return undefined; // graphql-ws reports the syntax error itself
            }
            if (kind && kind !== 'subscription') {
              return [forbidden(`Only subscriptions are served over this socket; send a ${kind} over HTTP`)];
            }
            return undefined;
          },
          context: (ctx, id) => options.createContext({ identity: ctx.extra.identity!, requestId: `ws:${id}` }),
          subscribe: subscribeTaggingEvents,
          onOperation: () => void (active += 1),
          onComplete: () => void (active -= 1),
          onError: (_ctx, id, _payload, errors) => {
            options.logger.warn({ subscription: id, errors: errors.map((error) => error.message) }, 'subscription failed');
          },
        },
        sockets,
      )
    : null;
  const port = await listen(server, options.port, options.host);
  return {
    name: options.name,
    port,
    activeSubscriptions: () => active,
    socketsOpened: () => opened,
    requestsReceived: () => requests,
    url: `http://${options.host ?? '127.0.0.1'}:${port}/graphql`,
    close: async () => {
      // Open sockets would keep the HTTP server from closing: end them first (1001, going away).
      for (const socket of sockets?.clients ?? []) socket.close(1001, 'Going away');
      await wsServer?.dispose();
      await closeServer(server);
      await apollo.stop();
    },
  };
}
