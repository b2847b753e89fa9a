// A thin node:http adapter for Apollo Server (as graphql-ws keeps its transports thin): the gateway and every
// subgraph serve /graphql, /health and their own routes from one plain HTTP server.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { SERVER_KEEPALIVE_MS } from './config';

export type Route = (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<void> | void;

export interface HttpServerOptions {
  /** Exact paths, or a prefix ending in `/*` (`/console/*` serves everything under /console/). */
  routes: Record<string, Route>;
  maxBodyBytes?: number;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(payload);
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function prefixRoute(routes: Record<string, Route>, pathname: string): Route | undefined {
  for (const [key, route] of Object.entries(routes)) {
    if (key.endsWith('/*') && pathname.startsWith(key.slice(0, -1))) return route;
  }
  return undefined;
}

/**
 * Clients that honour `Keep-Alive: timeout=` (undici, Node's fetch) keep an idle connection until one second
 * before it, so a client whose event loop stalls for a second (a busy machine) sends on a connection the server
 * is closing: ECONNRESET. As nginx's second `keepalive_timeout` value does, tell clients half of what the server
 * keeps: they retire idle connections seconds before the server would. Node adds no header of its own once
 * `Connection` is set.
 */
export const ADVERTISED_KEEPALIVE_S = Math.floor(SERVER_KEEPALIVE_MS / 2000);

function advertiseKeepAlive(req: http.IncomingMessage, res: http.ServerResponse): void {
  if (req.httpVersion !== '1.1' || /\bclose\b/i.test(req.headers.connection ?? '')) return;
  res.setHeader('connection', 'keep-alive');
  res.setHeader('keep-alive', `timeout=${ADVERTISED_KEEPALIVE_S}`);
}

export function createHttpServer(options: HttpServerOptions): http.Server {
  const limit = options.maxBodyBytes ?? 1024 * 1024;
  const server = http.createServer((req, res) => {
    // Fire-and-forget: the emitter ignores a listener's promise; the handler below answers 500 on its own errors.
    void (async () => {
      advertiseKeepAlive(req, res);
      const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
      const route = options.routes[pathname] ?? prefixRoute(options.routes, pathname);
      if (!route) return sendJson(res, 404, { error: `No route for ${pathname}` });
      try {
        const body = await readBody(req, limit);
        if (body === null) {
          return sendJson(res, 413, {
            errors: [{ message: `Request body exceeds ${limit} bytes`, extensions: { code: 'OPERATION_TOO_COMPLEX', limit: 'body', max: limit } }],
            // The rest of the body is never read: the connection cannot carry another request.
          }, { connection: 'close' });
        }
        await route(req, res, body);
      } catch {
        if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
        else res.end();
      }
    })();
  });
  // Set explicitly (Node's default is 5 s): above the gateway's client idle timeout, so pooled connections to a
  // subgraph are retired by the gateway, not closed under a request it is sending.
  server.keepAliveTimeout = SERVER_KEEPALIVE_MS;
  // Node wants headersTimeout above keepAliveTimeout, or an idle socket can be cut while a request's headers arrive.
  server.headersTimeout = SERVER_KEEPALIVE_MS + 1000;
  return server;
}

export function apolloRoute<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  /**
   * `sent` is the parsed body and query string, for checks that must refuse before Apollo parses the operation,
   * and the body's exact bytes (what a subgraph checks the gateway identity's body hash against).
   */
  context: (req: IncomingMessage, sent: { body: unknown; search: string; bytes: Buffer }) => Promise<TContext>,
): Route {
  return async (req, res, body) => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    let parsedBody: unknown = undefined;
    if (body.length > 0) {
      try {
        parsedBody = JSON.parse(body.toString('utf8'));
      } catch {
        return sendJson(res, 400, { errors: [{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_USER_INPUT' } }] });
      }
    }
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body: parsedBody },
      context: () => context(req, { body: parsedBody, search: url.search, bytes: body }),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}

export async function listen(server: http.Server, port: number, host = '127.0.0.1'): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

export async function closeServer(server: http.Server): Promise<void> {
  server.closeAllConnections?.();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
