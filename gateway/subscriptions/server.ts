// graphql-ws on the gateway's /graphql path (the same port as HTTP). The user's JWT travels in
// connectionParams.authorization: a missing or bad token closes the socket with 4401, and a token that expires
// while connected ends the connection (4401 again) at its `exp`. Subscriptions are planned and run by the
// SubscriptionHub; queries and mutations sent over the socket go through Apollo's pipeline like HTTP ones.
// Keep-alive: graphql-ws pings every keepAliveMs and terminates a socket whose pong does not come back.
import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { decodeJwt } from 'jose';
import {
  GraphQLError, getOperationAST, parse, print, specifiedRules, validate,
  type DocumentNode, type ExecutionArgs, type ExecutionResult, type ValidationRule,
  OperationTypeNode,
} from 'graphql';
import type { ApolloServer } from '@apollo/server';
import { ErrorCode, rateLimited } from '../../platform/errors';
import type { Identity } from '../../platform/identity';
import type { Logger } from '../../platform/logger';
import { formatGatewayError } from '../errors';
import { ANONYMOUS_IDENTITY } from '../plugins/auth';
import { isPartner, type TrustedDocuments } from '../plugins/trusted-documents';
import type { ResolvedOperation } from '../plugins/operation-limits';
import { takeRequestRate, type RequestRate } from '../plugins/rate-limit';
import type { RateLimitStore } from '../plugins/rate-limit-store';
import { checkScalarInputs } from '../plugins/scalar-inputs';
import type { GatewayContext } from '../server';
import { SubscriptionBudget, type Lease } from './budget';
import { SubscriptionHub } from './hub';
import type { SubscriptionPlanner } from './planner';

export const WS_UNAUTHORIZED = 4401;
/** Closed when a subscriber falls too far behind the events it was sent (it stopped reading). */
export const WS_TOO_SLOW = 4408;
/** Subscriptions one connection may hold at once: a dashboard needs a handful; thousands would be a leak or abuse. */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 100;
/** The socket was refused: its user or tenant holds as many connections as its budget allows (reason: RATE_LIMITED: …). */
export const WS_RATE_LIMITED = 4429;

export interface SubscriptionServerOptions {
  server: http.Server;
  apollo: ApolloServer<GatewayContext>;
  planner: SubscriptionPlanner;
  subgraphs: Array<{ name: string; url: string }>;
  subgraphSecret: string;
  verifyToken: (authorization: string | undefined) => Promise<Identity>;
  trustedDocuments: TrustedDocuments;
  validationRules: ValidationRule[];
  /**
   * The cost limit with the subscription's variables (gateway/plugins/operation-limits.ts), as HTTP runs it after
   * validation; absent with the edge off. Queries and mutations over the socket meet it in Apollo's pipeline.
   */
  costCheck?: (resolved: ResolvedOperation) => void;
  production: boolean;
  logger: Logger;
  maxPayloadBytes: number;
  /** graphql-ws ping interval (default 12 s). */
  keepAliveMs?: number;
  maxPendingEvents?: number;
  /** Sockets per user and tenant, subscriptions per tenant (counted across replicas when the store is Redis). */
  budget: SubscriptionBudget;
  /** The tenant's request rate (shared with HTTP, gateway/plugins/rate-limit.ts): each subscribe takes one request. */
  rate?: { store: RateLimitStore; requestRate: RequestRate & { overrides: Record<string, RequestRate> } };
  /** Subgraph identity lifetimes and the HTTP client's idle timeout (see HubOptions). */
  subgraphLink?: { identityTtlMs?: number; socketIdentityTtlMs?: number; clientIdleMs?: number };
}

type ConnectionExtra = {
  identity?: Identity;
  /** Names this socket's leases. */
  socketId?: string;
  /** The lease of each running subscription, by its graphql-ws id. */
  leases?: Map<string, () => Promise<void>>;
};

type ConnectionParams = { authorization?: unknown };

const refusal = (code: ErrorCode, message: string) => [new GraphQLError(message, { extensions: { code } })];

export function attachSubscriptionServer(options: SubscriptionServerOptions) {
  const format = (result: ExecutionResult, requestId: string) => ({
    ...result,
    errors: result.errors?.map((error) =>
      formatGatewayError(error instanceof GraphQLError ? error.toJSON() : error, { production: options.production, requestId }),
    ),
  });
  const hub = new SubscriptionHub({
    planner: options.planner, subgraphs: options.subgraphs, subgraphSecret: options.subgraphSecret, logger: options.logger,
    maxPendingEvents: options.maxPendingEvents, format, ...options.subgraphLink,
  });
  // A lease not given back (Redis away) lapses on its own after a minute: nothing to wait for, nothing to throw.
  const released = (lease: Lease) => ('release' in lease ? () => lease.release().catch(() => undefined) : null);
  const isOpen = (socket: WebSocket) => socket.readyState === socket.OPEN;
  /** Takes one request of the tenant's (and a partner's own) rate: the wait in ms, 0 when taken. */
  const takeRate = async (identity: Identity): Promise<number> =>
    options.rate ? ((await takeRequestRate(options.rate.store, options.rate.requestRate, identity))?.waitMs ?? 0) : 0;
  const sockets = new WebSocketServer({ server: options.server, path: '/graphql', maxPayload: options.maxPayloadBytes });
  const expiryTimers = new WeakMap<WebSocket, NodeJS.Timeout>();

  const server = useServer<ConnectionParams, ConnectionExtra>(
    {
      // Read per operation: the planner's schema follows a reloaded supergraph.
      schema: () => options.planner.schema,
      onConnect: async (ctx) => {
        const socket = ctx.extra.socket;
        const authorization = ctx.connectionParams?.authorization;
        try {
          ctx.extra.identity = await options.verifyToken(typeof authorization === 'string' ? authorization : undefined);
        } catch (error) {
          options.logger.info({ reason: (error as Error).message }, 'subscription connection refused');
          socket.close(WS_UNAUTHORIZED, 'Unauthorized');
          return false;
        }
        const identity = ctx.extra.identity;
        const socketId = randomUUID();
        const lease = await options.budget.openSocket(identity.tenant, identity.sub, socketId);
        const release = released(lease);
        if (!release) {
          options.logger.warn({ tenant: identity.tenant, sub: identity.sub }, 'subscription connection refused: over budget');
          socket.close(WS_RATE_LIMITED, `${ErrorCode.RATE_LIMITED}: ${(lease as { refused: string }).refused}`);
          return false;
        }
        // Closed while the lease was being taken: its close handler below would never run.
        if (!isOpen(socket)) {
          void release();
          return false;
        }
        ctx.extra.socketId = socketId;
        ctx.extra.leases = new Map();
        socket.once('close', () => {
          void release();
          for (const releaseSubscription of ctx.extra.leases!.values()) void releaseSubscription();
          ctx.extra.leases!.clear();
        });
        // Verified above; only its `exp` is read here. A connection lives no longer than its token (with
        // GATEWAY_AUTH=off there is none: whatever was sent is not read).
        const exp = identity === ANONYMOUS_IDENTITY ? undefined : decodeJwt(String(authorization).replace(/^Bearer\s+/i, '')).exp;
        if (exp) {
          const timer = setTimeout(() => socket.close(WS_UNAUTHORIZED, 'Token expired'), Math.max(0, exp * 1000 - Date.now()));
          timer.unref();
          expiryTimers.set(socket, timer);
          socket.once('close', () => clearTimeout(timer));
        }
        return true;
      },
      onSubscribe: async (ctx, id, payload) => {
        const identity = ctx.extra.identity!;
        // graphql-ws has already reserved this one's id: more than the maximum means one too many.
        if (Object.keys(ctx.subscriptions).length > MAX_SUBSCRIPTIONS_PER_CONNECTION) {
          return refusal(ErrorCode.RATE_LIMITED, `A connection may hold at most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions at once: complete some first`);
        }
        const persistedId = (payload.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash;
        let source = payload.query;
        if (typeof persistedId === 'string' && persistedId !== '') {
          const trusted = options.trustedDocuments.get(persistedId);
          if (!trusted) return refusal(ErrorCode.PERSISTED_QUERY_NOT_FOUND, `No persisted operation with id "${persistedId.slice(0, 80)}"`);
          source = trusted;
        } else if (isPartner(identity)) {
          return refusal(ErrorCode.PERSISTED_QUERY_REQUIRED, 'Partners run persisted operations only: send the operation id as extensions.persistedQuery.sha256Hash');
        }
        let document: DocumentNode;
        try {
          document = parse(source);
        } catch (error) {
          return refusal(ErrorCode.GRAPHQL_VALIDATION_FAILED, (error as GraphQLError).message);
        }
        const errors = validate(options.planner.schema, document, [...specifiedRules, ...options.validationRules]);
        if (errors.length > 0) {
          return errors.map((error) =>
            new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: error.extensions.code ?? ErrorCode.GRAPHQL_VALIDATION_FAILED } }),
          );
        }
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) return refusal(ErrorCode.GRAPHQL_VALIDATION_FAILED, 'The document names no operation to run');
        // Queries and mutations over the socket are counted by Apollo's pipeline; a subscription is counted here,
        // against the same tenant rate, then against the tenant's budget of running subscriptions.
        if (operation.operation === OperationTypeNode.SUBSCRIPTION) {
          // What HTTP checks once variables are known: the cost with their `first` values, and the DateTimes in them.
          // Nothing more runs on a refused document.
          try {
            options.costCheck?.({ schema: options.planner.schema, document, operation, request: { operationName: payload.operationName ?? undefined, variables: payload.variables ?? {} } });
            checkScalarInputs({ schema: options.planner.schema, document, operation, variables: payload.variables });
          } catch (error) {
            if (error instanceof GraphQLError) return [error];
            throw error;
          }
          const wait = await takeRate(identity);
          if (wait > 0) return [rateLimited(`Tenant ${identity.tenant}`, Math.max(1, Math.ceil(wait / 1000)))];
          const lease = await options.budget.startSubscription(identity.tenant, ctx.extra.socketId!, id);
          const release = released(lease);
          if (!release) return refusal(ErrorCode.RATE_LIMITED, (lease as { refused: string }).refused);
          if (!isOpen(ctx.extra.socket)) {
            void release();
            return refusal(ErrorCode.BAD_USER_INPUT, 'The connection closed');
          }
          ctx.extra.leases!.set(id, release);
        }
        return {
          schema: options.planner.schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables ?? {},
          contextValue: { identity, requestId: randomUUID(), source, socket: ctx.extra.socket, id },
        } satisfies ExecutionArgs;
      },
      subscribe: async (args) => {
        const context = args.contextValue as { identity: Identity; requestId: string; source: string; socket: WebSocket; id: string };
        // The protocol's `next` message around a payload the hub serialized once for every subscriber of the event.
        const prefix = `{"id":${JSON.stringify(context.id)},"type":"next","payload":`;
        let plan;
        try {
          plan = options.planner.plan(args.document, context.source, args.operationName ?? undefined);
        } catch (error) {
          return { errors: refusal(ErrorCode.GRAPHQL_VALIDATION_FAILED, `The subscription cannot be planned: ${(error as Error).message}`) };
        }
        return hub.subscribe({
          plan,
          source: context.source,
          variables: (args.variableValues ?? {}),
          identity: context.identity,
          send: (payload, written) => {
            if (context.socket.readyState !== context.socket.OPEN) return written();
            context.socket.send(`${prefix}${payload}}`, () => written());
          },
          onOverflow: () => {
            options.logger.warn({ tenant: context.identity.tenant }, 'subscriber dropped: it stopped reading its events');
            context.socket.close(WS_TOO_SLOW, 'Too slow: events were not read');
            // The close frame itself may sit behind the unread data: do not wait for the client's answer.
            setTimeout(() => context.socket.terminate(), 1000).unref();
          },
        });
      },
      // Queries and mutations over the socket: Apollo's whole pipeline (limits, rate limits, planning).
      execute: async (args) => {
        const context = args.contextValue as { identity: Identity; requestId: string };
        const response = await options.apollo.executeOperation(
          { query: print(args.document), variables: (args.variableValues ?? {}), operationName: args.operationName ?? undefined },
          { contextValue: { identity: context.identity, requestId: context.requestId } },
        );
        if (response.body.kind !== 'single') return { errors: refusal(ErrorCode.BAD_USER_INPUT, 'Incremental delivery is not served over graphql-ws') };
        return response.body.singleResult as ExecutionResult;
      },
      onComplete: (ctx, id) => {
        const release = ctx.extra.leases?.get(id);
        ctx.extra.leases?.delete(id);
        void release?.();
      },
      onNext: (_ctx, _id, _payload, args, result) => format(result, (args.contextValue as { requestId: string }).requestId),
      onError: (_ctx, _id, _payload, errors) => {
        options.logger.warn({ errors: errors.map((error) => ({ message: error.message, code: error.extensions?.code })) }, 'subscription refused');
        return errors.map((error) => formatGatewayError(error.toJSON(), { production: options.production }));
      },
    },
    sockets,
    options.keepAliveMs ?? 12_000,
  );

  return {
    hub,
    /** Open WebSocket connections. */
    get connections() {
      return sockets.clients.size;
    },
    /**
     * Shutting down (a rolling update): the sockets close with 1001 before any subscription is completed, so
     * graphql-ws clients reconnect (to another replica) and subscribe again; a `complete` would end them for good.
     */
    close: async () => {
      await Promise.all(
        [...sockets.clients].map(
          (socket) =>
            new Promise<void>((resolve) => {
              clearTimeout(expiryTimers.get(socket));
              // Wait for the close handshake, so the 1001 reaches the client before the process exits; a client on a
              // busy machine may take seconds to answer: 10 s, well inside a pod's 30 s grace period.
              const giveUp = setTimeout(() => {
                options.logger.warn('a socket did not answer the 1001 close within 10 s: terminated');
                socket.terminate();
                resolve();
              }, 10_000);
              socket.once('close', () => (clearTimeout(giveUp), resolve()));
              socket.close(1001, 'Going away');
            }),
        ),
      );
      await server.dispose();
      await hub.close();
      await options.budget.close();
    },
  };
}
