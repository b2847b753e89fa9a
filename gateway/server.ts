// The edge: one HTTP server with /graphql (the federated gateway), /health and /ready. The server reads as a
// list of plugins; per-request identity is verified here and forwarded to subgraphs signed.
import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { IDENTITY_HEADER, signSubgraphIdentity, verifyBearer, type Identity } from '../platform/identity';
import { apolloRoute, closeServer, createHttpServer, listen, sendJson } from '../platform/http';
import type { Logger } from '../platform/logger';
import { composeSupergraph, fetchSubgraphSdls } from './compose';
import { formatGatewayError } from './errors';

export interface GatewayContext {
  identity: Identity;
  requestId: string;
}

export interface GatewayOptions {
  subgraphs: Array<{ name: string; url: string }>;
  port: number;
  host?: string;
  jwtSecret: string;
  subgraphSecret: string;
  production: boolean;
  logger: Logger;
}

export interface RunningGateway {
  url: string;
  port: number;
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

async function isReady(subgraphs: GatewayOptions['subgraphs']): Promise<boolean> {
  const checks = await Promise.allSettled(
    subgraphs.map((subgraph) =>
      fetch(new URL('/health', subgraph.url), { signal: AbortSignal.timeout(2000) }).then((response) => response.ok),
    ),
  );
  return checks.every((check) => check.status === 'fulfilled' && check.value);
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const supergraphSdl = composeSupergraph(await fetchSubgraphSdls(options.subgraphs));
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ url }) =>
      new RemoteGraphQLDataSource<GatewayContext>({
        url,
        async willSendRequest({ request, context }) {
          if (!context.identity) return;
          request.http?.headers.set(IDENTITY_HEADER, await signSubgraphIdentity(context.identity, options.subgraphSecret));
          request.http?.headers.set('x-request-id', context.requestId);
        },
      }),
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: !options.production,
    // The process owns shutdown (scripts/start.ts, scripts/serve.ts): Apollo must not race it on SIGINT.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    plugins: [requestIdPlugin(options.logger)],
    formatError: (formatted) => formatGatewayError(formatted, { production: options.production }),
    logger: {
      debug: () => undefined,
      info: () => undefined,
      warn: (message) => options.logger.warn(message),
      error: (message) => options.logger.error(message),
    },
  });
  await apollo.start();

  const graphql = apolloRoute(apollo, async (req) => {
    const requestId = randomUUID();
    try {
      const identity = await verifyBearer(req.headers.authorization, options.jwtSecret);
      return { identity, requestId };
    } catch (error) {
      const reason = error instanceof GraphQLError ? error.message : 'Not authenticated';
      throw new GraphQLError(reason, { extensions: { code: 'UNAUTHENTICATED', requestId, http: { status: 401 } } });
    }
  });
  const server: http.Server = createHttpServer({
    routes: {
      '/graphql': graphql,
      '/health': (_req, res) => sendJson(res, 200, { status: 'ok' }),
      '/ready': async (_req, res) => {
        const ready = await isReady(options.subgraphs);
        sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'waiting for subgraphs' });
      },
    },
  });
  const port = await listen(server, options.port, options.host);
  return {
    port,
    url: `http://${options.host ?? '127.0.0.1'}:${port}/graphql`,
    close: async () => {
      await closeServer(server);
      await apollo.stop();
    },
  };
}
