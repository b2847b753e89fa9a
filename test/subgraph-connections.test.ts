// The gateway's pooled connections to subgraphs do not race the subgraphs' keep-alive: bursts of requests spaced
// exactly at a server's keep-alive timeout (when the server closes idle sockets as the next burst is written)
// all succeed, and every opsgraph server keeps idle connections longer than the gateway's client does.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SERVER_KEEPALIVE_MS, loadConfig } from '../platform/config';
import { ADVERTISED_KEEPALIVE_S, createHttpServer } from '../platform/http';
import { subgraphFetcher } from '../gateway/subgraph-source';

const KEEPALIVE_MS = 1000;
const servers: http.Server[] = [];

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/**
 * A subgraph-like server that closes idle sockets after KEEPALIVE_MS and, like many servers, sends no Keep-Alive
 * hint. The race is made exact: a request arriving on a socket idle for (about) the keep-alive timeout finds it
 * closing, as when the server's close and the client's write cross on the wire, and gets no answer.
 */
async function shortKeepAliveServer(): Promise<{ url: string; cut: () => number }> {
  let cut = 0;
  const idleSince = new WeakMap<object, number>();
  const server = http.createServer((req, res) => {
    const since = idleSince.get(req.socket);
    if (since !== undefined && Date.now() - since >= KEEPALIVE_MS - 50) {
      cut += 1;
      req.socket.destroy();
      return;
    }
    req.resume().on('end', () => {
      // An explicit Connection header keeps Node from adding `Keep-Alive: timeout=…`, which clients would heed.
      res.writeHead(200, { 'content-type': 'application/json', connection: 'keep-alive' }).end('{"data":{"ok":true}}');
      res.once('finish', () => idleSince.set(req.socket, Date.now()));
    });
  });
  server.keepAliveTimeout = KEEPALIVE_MS;
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, cut: () => cut };
}

test('bursts spaced exactly at the subgraph keep-alive timeout all succeed (a request on a socket closed under it is sent again)', async () => {
  const { url, cut } = await shortKeepAliveServer();
  // The gateway's default idle timeout (5 s) is longer than this server's 1 s: the race is there to be lost.
  const fetcher = subgraphFetcher({ name: 'commerce', url, subgraphSecret: 'x'.repeat(32) });
  const failures: string[] = [];
  let answered = 0;
  for (let burst = 0; burst < 6; burst++) {
    const results = await Promise.allSettled(
      Array.from({ length: 25 }, () => fetcher(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ ok }"}' })),
    );
    for (const result of results) {
      if (result.status === 'rejected') failures.push(String((result.reason as Error).cause ?? result.reason));
      else if (result.value.ok) answered += 1;
    }
    // Exactly when the server closes the idle sockets: the timer below and the server's run for the same time.
    await new Promise((resolve) => setTimeout(resolve, KEEPALIVE_MS));
  }
  expect(failures).toEqual([]);
  expect(answered).toBe(150);
  // The race did happen (requests were cut), and each cut request was answered on a fresh connection.
  expect(cut()).toBeGreaterThan(0);
});

test("every opsgraph server keeps idle connections longer than the gateway's client, and the config refuses the reverse", () => {
  const server = createHttpServer({ routes: {} });
  expect(server.keepAliveTimeout).toBe(SERVER_KEEPALIVE_MS);
  const config = loadConfig({});
  expect(config.subgraphLink.clientIdleMs).toBeLessThan(SERVER_KEEPALIVE_MS);
  expect(() => loadConfig({ SUBGRAPH_CLIENT_IDLE_MS: String(SERVER_KEEPALIVE_MS) })).toThrow(/SUBGRAPH_CLIENT_IDLE_MS must be below the subgraphs' keep-alive of 10000 ms, but got "10000"/);
});

test('every opsgraph server tells HTTP clients to retire idle connections well before it closes them', async () => {
  const server = createHttpServer({ routes: { '/health': (_req, res) => { res.writeHead(200).end('ok'); } } });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/health`);
  await response.text();
  // undici (Node's fetch) keeps a connection until a second before the advertised timeout: 4 s, against 10 s kept.
  expect(response.headers.get('keep-alive')).toBe(`timeout=${ADVERTISED_KEEPALIVE_S}`);
  expect(ADVERTISED_KEEPALIVE_S * 1000).toBeLessThanOrEqual(SERVER_KEEPALIVE_MS / 2);
  expect(response.headers.get('connection')).toBe('keep-alive');
});
