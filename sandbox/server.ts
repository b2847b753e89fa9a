// The provider sandbox: one node:http server that imitates each provider's wire contract under its own base
// path, plus the `/__sandbox` control endpoints (docs/contract.md). Each provider is an adapter (see http.ts);
// this file only routes, counts, injects faults and writes replies.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleControl } from './control';
import { compileTemplate, json, type ProviderAdapter, type Reply, type SandboxRequest } from './http';
import { seedOrders } from './orders';
import { MODULES, SANDBOX_PROVIDERS } from './registry';
import { createState, type SandboxState } from './state';

export interface SandboxOptions {
  port?: number;
  host?: string;
  /** How many orders the shared mall (sandbox/orders.ts) holds at start (default 30), spread over the last 10 days of the clock. */
  seedOrders?: number;
  /** The clock's base reading; `POST /__sandbox/clock` advances on top of it. */
  now?: () => number;
}

export interface Sandbox {
  url: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 5 * 1024 * 1024;
/** A `timeout` fault holds the request this long at most, then drops the connection unanswered. */
const HOLD_MS = 30_000;

export function createSandboxState(options: Pick<SandboxOptions, 'seedOrders' | 'now'> = {}): SandboxState {
  const state = createState({ now: options.now, providers: SANDBOX_PROVIDERS });
  seedOrders(state, options.seedOrders ?? 30);
  for (const module of MODULES) module.seed?.(state);
  return state;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) req.destroy(new Error('request body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function writeReply(res: ServerResponse, reply: Reply): void {
  if (res.destroyed || res.headersSent) return;
  const body = reply.text ?? (reply.json === undefined ? '' : JSON.stringify(reply.json));
  const contentType = reply.contentType ?? (reply.text !== undefined ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8');
  res.writeHead(reply.status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), ...reply.headers });
  res.end(body);
}

/** Routes one provider's calls: count, draw faults, then answer as that provider would. */
function mountAdapter(state: SandboxState, adapter: ProviderAdapter, hold: (res: ServerResponse, ms: number) => Promise<void>) {
  const matchBase = compileTemplate(adapter.base, true);
  const routes = adapter.routes.map((route) => ({ route, match: compileTemplate(route.path) }));
  return async (method: string, url: URL, req: IncomingMessage, body: string, res: ServerResponse): Promise<boolean> => {
    const base = matchBase(url.pathname);
    if (!base) return false;
    const path = base.rest || '/';
    const found = routes.map((r) => ({ ...r, m: r.route.method === method ? r.match(path) : undefined })).find((r) => r.m);
    const request: SandboxRequest = {
      method, path, params: { ...base.params, ...found?.m?.params }, query: url.searchParams, headers: req.headers, body,
      rawQuery: /\?(.*)$/s.exec(req.url ?? '')?.[1] ?? '',
    };
    state.calls.record(adapter.provider, `${method} ${found ? found.route.path : path}`, adapter.credentialOf(request));
    const draw = state.faults.draw(adapter.provider);
    if (draw.latencyMs > 0) await hold(res, draw.latencyMs);
    if (draw.failure === 'timeout') {
      await hold(res, HOLD_MS);
      res.destroy();
      return true;
    }
    let reply = draw.failure
      ? adapter.faultReply(draw.failure, request)
      : found
        ? found.route.handle(request)
        : adapter.notFound(request);
    if (adapter.onReply) reply = adapter.onReply(reply, request);
    writeReply(res, reply);
    return true;
  };
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const state = createSandboxState(options);
  const timers = new Set<NodeJS.Timeout>();
  /** Waits `ms` of real time, ending early when the client goes away or the sandbox closes. */
  const hold = (res: ServerResponse, ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        timers.delete(timer);
        res.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timers.add(timer);
      res.on('close', done);
    });
  const adapters = MODULES.map((module) => mountAdapter(state, module.adapter(state), hold));

  const server = createServer((req, res) => {
    // Fire-and-forget: the emitter ignores a listener's promise; the handler below answers 500 on its own errors.
    void (async () => {
      try {
        const body = await readBody(req);
        const url = new URL(req.url ?? '/', 'http://sandbox.local');
        const method = (req.method ?? 'GET').toUpperCase();
        if (url.pathname.startsWith('/__sandbox/')) return writeReply(res, handleControl(state, method, url.pathname, body));
        for (const serve of adapters) if (await serve(method, url, req, body, res)) return;
        writeReply(res, json(404, { error: `no provider is served at ${url.pathname}` }));
      } catch (error) {
        writeReply(res, json(500, { error: `sandbox failure: ${(error as Error).message}` }));
      }
    })();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections(); // held (timeout fault) and keep-alive connections end now
      }),
  };
}
