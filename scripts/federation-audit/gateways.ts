// The gateways the audit runs against, each its own process on one suite's supergraph file: opsgraph's standalone
// gateway exactly as `npm run gateway` starts it (GATEWAY_AUTH=off, one worker, every other edge feature on, Redis for
// rate limits and APQ), or stock @apollo/gateway + @apollo/server (bench/catalogue/stock-gateway.ts), the baseline.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { stopChild } from '../../platform/stop-child';

export type AuditGatewayKind = 'opsgraph' | 'stock';
export const AUDIT_GATEWAY_KINDS: readonly AuditGatewayKind[] = ['opsgraph', 'stock'];

export interface AuditGatewayOptions {
  /**
   * Redis for the edge (rate limits, APQ); without it, the gateway's in-process default. Each gateway gets its own
   * key prefix, so no suite spends another's rate.
   */
  redisUrl?: string;
  /** Passed to opsgraph's gateway as GATEWAY_EXECUTOR (its executor switch), when set. */
  executor?: string;
  /** Extra environment for the gateway process. */
  env?: Record<string, string>;
}

const ROOT = path.resolve(__dirname, '..', '..');
const REGISTER = path.join(ROOT, 'platform', 'register.js');
/** `npm run gateway`'s command line, read from package.json so that the audit runs what the script runs. */
function gatewayArgv(): string[] {
  const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  return scripts.gateway.split(/\s+/).slice(1);
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** What a process prints, and waiting for the next line that matches (only output after the call counts). */
function watchOutput(child: ChildProcess) {
  let text = '';
  const waiters = new Set<{ pattern: RegExp; since: string; resolve(match: RegExpMatchArray): void; reject(error: Error): void }>();
  const onData = (chunk: Buffer) => {
    text = (text + chunk.toString()).slice(-20_000);
    for (const waiter of waiters) {
      waiter.since += chunk.toString();
      const match = waiter.since.match(waiter.pattern);
      if (match) {
        waiters.delete(waiter);
        waiter.resolve(match);
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  child.once('exit', (code, signal) => {
    for (const waiter of waiters) waiter.reject(new Error(`the gateway exited (${code ?? signal}) before ${waiter.pattern}:\n${text}`));
    waiters.clear();
  });
  return {
    text: () => text,
    next: (pattern: RegExp) => new Promise<RegExpMatchArray>((resolve, reject) => waiters.add({ pattern, since: '', resolve, reject })),
  };
}

interface GatewayProcess { url: string; output(): string; next(pattern: RegExp): Promise<RegExpMatchArray>; stop(): Promise<void> }

/** Starts a gateway of `kind` on the supergraph file; resolves once it serves. */
async function startGatewayProcess(kind: AuditGatewayKind, supergraphPath: string, options: AuditGatewayOptions): Promise<GatewayProcess> {
  const port = await freePort();
  const base = { ...process.env, ...options.env };
  const [argv, env, started] = kind === 'opsgraph'
    ? [gatewayArgv(), {
      ...base, NODE_ENV: 'development', LOG_LEVEL: 'info', LOG_FORMAT: 'json',
      SUPERGRAPH: supergraphPath, GATEWAY_AUTH: 'off', GATEWAY_PORT: String(port), GATEWAY_WORKERS: '1',
      ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}), REDIS_KEY_PREFIX: `opsgraph-audit:${randomUUID()}:`,
      ...(options.executor ? { GATEWAY_EXECUTOR: options.executor } : {}),
    }, /gateway started/]
    : [['-r', REGISTER, path.join(ROOT, 'bench', 'catalogue', 'stock-gateway.ts')], { ...base, SUPERGRAPH: supergraphPath, PORT: String(port) }, /stock gateway at/];
  const child = spawn(process.execPath, argv, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = watchOutput(child);
  const stop = () => stopChild(child);
  try {
    await output.next(started);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}/graphql`, output: output.text, next: output.next, stop };
}

/**
 * A gateway of `kind` that serves one supergraph after another. Each `serve` starts a fresh process on the new file;
 * with `reload` (opsgraph only), one process serves them all: the file is replaced and the gateway's own reload
 * (`supergraph reloaded` in its log) picks it up, which saves a start-up per suite.
 */
export function auditGateway(kind: AuditGatewayKind, options: AuditGatewayOptions & { reload?: boolean }) {
  if (options.reload && kind !== 'opsgraph') throw new Error(`only opsgraph's gateway reloads its supergraph file, not ${kind}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `opsgraph-audit-${kind}-`));
  const file = path.join(dir, 'supergraph.graphql');
  let running: GatewayProcess | undefined;
  let served = '';
  return {
    url: () => running?.url ?? '',
    output: () => running?.output() ?? '',
    async serve(supergraphSdl: string): Promise<void> {
      // An unchanged file logs no reload: there would be nothing to wait for.
      if (running && supergraphSdl === served) return;
      if (running && options.reload) {
        const loaded = running.next(/supergraph reloaded|supergraph file not loaded.*/);
        // Written beside it and renamed over it, as deploy tools do: the gateway never reads half a file.
        fs.writeFileSync(`${file}.next`, supergraphSdl);
        fs.renameSync(`${file}.next`, file);
        const [line] = await loaded;
        if (line !== 'supergraph reloaded') throw new Error(`the gateway kept its old supergraph: ${line}`);
        served = supergraphSdl;
        return;
      }
      await running?.stop();
      running = undefined;
      served = '';
      fs.writeFileSync(file, supergraphSdl);
      running = await startGatewayProcess(kind, file, options);
      served = supergraphSdl;
    },
    async close(): Promise<void> {
      await running?.stop();
      running = undefined;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type AuditGateway = ReturnType<typeof auditGateway>;
