// The subscribers' side of bench/subscriptions.ts: a worker thread that opens graphql-ws clients on command and
// stamps each event's arrival per (client, event), so 10,000 sockets share an event loop with nothing measured.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

const ROOT = path.resolve(__dirname, '..');
/** Wall-clock milliseconds with sub-millisecond precision, comparable between threads of one process. */
export const now = () => performance.timeOrigin + performance.now();
const round2 = (value: number) => Math.round(value * 100) / 100;
/** Connections being opened at once: a 10,000-socket storm would overflow the listen backlog and measure SYN retries. */
const OPENING_AT_ONCE = 200;

export type Command = { type: 'open'; count: number } | { type: 'expect'; keys: string[] } | { type: 'await'; timeoutMs: number } | { type: 'close' };
export interface Receipts { receipts: Float64Array; received: number; unmatched: number; withErrors: number; dropped: number; clientsBusy: number }
type Received = { data?: { orderStatusChanged?: { previousStatus: string | null; order: { id: string } } } | null; errors?: unknown[] };

/** The worker thread's side: opens clients on command and stamps each event's arrival per (client, event). */
function serveSubscribers(): void {
  const { url, token, query } = workerData as { url: string; token: string; query: string };
  const clients: Client[] = [];
  let keys: string[] = [];
  let pointers = new Int32Array(0);
  let state: Receipts = { receipts: new Float64Array(0), received: 0, unmatched: 0, withErrors: 0, dropped: 0, clientsBusy: 0 };
  let since = performance.eventLoopUtilization();
  let reached: (() => void) | null = null;
  let closing = false;

  // Events reach each subscriber in publish order; an event's key is matched to its next occurrence in the schedule.
  const receive = (client: number, value: Received) => {
    const at = now();
    if (value.errors?.length) state.withErrors++;
    const change = value.data?.orderStatusChanged;
    const key = change ? `${change.order.id}|${change.previousStatus}` : '';
    for (let seq = pointers[client] ?? keys.length; seq < keys.length; seq++) {
      if (keys[seq] !== key) continue;
      state.receipts[client * keys.length + seq] = at;
      pointers[client] = seq + 1;
      if (++state.received === clients.length * keys.length) reached?.();
      return;
    }
    state.unmatched++;
  };

  const openOne = (index: number) =>
    new Promise<boolean>((resolve) => {
      const client = createClient({
        url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, lazy: true, retryAttempts: 0,
        on: {
          connected: () => resolve(true),
          // A close the benchmark did not ask for: refused, or dropped by the gateway (4408 when too slow).
          closed: () => {
            if (!closing) state.dropped++;
            resolve(false);
          },
        },
      });
      clients.push(client);
      client.subscribe({ query, variables: {} }, { next: (value) => receive(index, value as Received), error: () => resolve(false), complete: () => undefined });
    });

  const open = async (count: number) => {
    const started = performance.now();
    const last = clients.length + count;
    let failed = 0;
    await Promise.all(Array.from({ length: Math.min(OPENING_AT_ONCE, count) }, async () => {
      while (clients.length < last) if (!(await openOne(clients.length))) failed++;
    }));
    return { opened: count - failed, failed, ms: Math.round(performance.now() - started) };
  };

  const handle = async (command: Command): Promise<unknown> => {
    switch (command.type) {
      case 'open':
        return open(command.count);
      case 'expect':
        keys = command.keys;
        pointers = new Int32Array(clients.length);
        state = { ...state, receipts: new Float64Array(clients.length * keys.length), received: 0, unmatched: 0, withErrors: 0 };
        since = performance.eventLoopUtilization();
        return null;
      case 'await':
        if (state.received < clients.length * keys.length) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, command.timeoutMs);
            reached = () => (clearTimeout(timer), resolve());
          });
        }
        reached = null;
        // How busy the clients' event loop was: near 1, the clients (not the gateway) set the pace.
        return { ...state, clientsBusy: round2(performance.eventLoopUtilization(since).utilization) };
      case 'close':
        closing = true;
        await Promise.all(clients.splice(0).map((client) => Promise.resolve(client.dispose())));
        return null;
    }
  };
  parentPort!.on('message', ({ id, command }: { id: number; command: Command }) => {
    void handle(command).then((result) => parentPort!.postMessage({ id, result }));
  });
}

/** The main thread's handle on the subscribers' worker. */
export function startSubscribers(url: string, token: string, query: string) {
  const register = path.join(ROOT, 'platform', 'register.js');
  const worker = new Worker(`require(${JSON.stringify(register)}); require(${JSON.stringify(__filename)});`, {
    eval: true, workerData: { role: 'subscribers', url, token, query },
  });
  const pending = new Map<number, (result: any) => void>();
  let ids = 0;
  worker.on('message', ({ id, result }: { id: number; result: unknown }) => pending.get(id)?.(result));
  worker.on('error', (error) => console.error('the subscribers worker failed:', error));
  const ask = <T>(command: Command): Promise<T> =>
    new Promise((resolve) => {
      const id = ++ids;
      pending.set(id, (result) => (pending.delete(id), resolve(result)));
      worker.postMessage({ id, command });
    });
  return {
    ask,
    async close() {
      await ask({ type: 'close' });
      await worker.terminate();
    },
  };
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === 'subscribers') serveSubscribers();
