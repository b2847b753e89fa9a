// Federation speed (issue 13): opsgraph's standalone gateway (`npm run gateway`, SUPERGRAPH, GATEWAY_AUTH=off, every
// other edge feature on) against stock `@apollo/gateway` + `@apollo/server` on the same supergraph, and against the
// products subgraph called directly. The four catalogue subgraphs (bench/catalogue/subgraphs.ts) and the load
// generator (autocannon, 50 connections) run pinned to core 1, each gateway pinned to core 0 (`taskset`). Rounds
// interleave the targets, so drift on a shared machine hits them alike; figures are medians of the rounds, and the
// ratios are against stock measured in the same run. Last, opsgraph with GATEWAY_WORKERS=2 on both cores.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { TEST_REDIS_URL } from '../test/helpers/database';
import { freePort, waitForOutput } from '../test/helpers/process';
import { stopChild } from '../platform/stop-child';
import { SERVICE_NODE_FLAGS } from '../platform/node-flags';
import { catalogueSdls } from './catalogue/subgraphs';
import { median } from './harness';

const REPO = path.resolve(__dirname, '..');
const REGISTER = path.join(REPO, 'platform', 'register.js');

/** ~67 KB of answer; products → inventory + reviews → accounts → reviews → products → inventory. */
export const NESTED_QUERY = `query TopProducts {
  topProducts(first: 10) {
    upc name price weight inStock shippingEstimate
    reviews { id body author { id username name reviews { id body product { upc name inStock shippingEstimate } } } }
  }
}`;
/** One fetch, to the products subgraph only. */
export const ONE_FETCH_QUERY = 'query Top { topProducts(first: 5) { upc name price } }';

export interface LoadFigures {
  requests: number; rps: number; p50Ms: number; p95Ms: number; p99Ms: number; errors: number; bytesPerResponse: number;
  /** The gateway process's (and its workers') CPU per request. */
  cpuMsPerRequest?: number;
  /** The four catalogue subgraphs' CPU per request: with the load generator they share core 1, which caps the run. */
  subgraphsCpuMsPerRequest?: number;
}
export interface FederationSpeedOptions { rounds?: number; seconds?: number; connections?: number; profileDir?: string; executor?: 'opsgraph' | 'apollo' }

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}
/** A process and its children (GATEWAY_WORKERS' workers). */
function treeCpuMs(pid: number): number {
  const children = (() => {
    try {
      return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  })();
  return cpuMs(pid) + children.reduce((sum, child) => sum + treeCpuMs(child), 0);
}

interface Started { name: string; url: string; pid: number; stop(): Promise<void> }

async function start(name: string, cores: string, args: string[], env: Record<string, string>, ready: RegExp, url: (match: RegExpMatchArray) => string): Promise<Started> {
  const child: ChildProcess = spawn('taskset', ['-c', cores, process.execPath, ...args], {
    cwd: REPO, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { text: '' };
  const match = await waitForOutput(child, ready, output);
  return {
    name,
    url: url(match),
    pid: child.pid!,
    stop: () => stopChild(child),
  };
}

async function post(url: string, query: string): Promise<{ bytes: number; errors: unknown }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const text = await response.text();
  const body = JSON.parse(text) as { data?: unknown; errors?: unknown };
  return { bytes: Buffer.byteLength(text), errors: response.ok ? body.errors : body };
}

function load(url: string, query: string, connections: number, seconds: number): Promise<LoadFigures> {
  const output = execFileSync(
    'taskset',
    ['-c', '1', process.execPath, '-r', REGISTER, path.join(__dirname, 'catalogue', 'load.ts'), url, String(connections), String(seconds), JSON.stringify({ query })],
    { cwd: REPO, maxBuffer: 1 << 20 },
  ).toString();
  return Promise.resolve(JSON.parse(output.trim().split('\n').at(-1)!) as LoadFigures);
}

function medians(rounds: LoadFigures[]): LoadFigures {
  const of = (key: keyof LoadFigures) => median(rounds.map((round) => round[key] ?? 0));
  return {
    requests: rounds.reduce((sum, round) => sum + round.requests, 0), rps: of('rps'), p50Ms: of('p50Ms'), p95Ms: of('p95Ms'), p99Ms: of('p99Ms'),
    errors: rounds.reduce((sum, round) => sum + round.errors, 0), bytesPerResponse: of('bytesPerResponse'),
    ...(rounds.every((round) => round.cpuMsPerRequest !== undefined) ? { cpuMsPerRequest: of('cpuMsPerRequest') } : {}),
    ...(rounds.every((round) => round.subgraphsCpuMsPerRequest !== undefined) ? { subgraphsCpuMsPerRequest: of('subgraphsCpuMsPerRequest') } : {}),
  };
}

export async function benchFederationSpeed(options: FederationSpeedOptions = {}) {
  const rounds = options.rounds ?? 3;
  const seconds = options.seconds ?? 5;
  const connections = options.connections ?? 50;
  if (os.cpus().length < 2) return { skipped: 'needs two cores (gateway on one, subgraphs and load on the other)' };
  const started: Started[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsgraph-federation-speed-'));
  try {
    // The subgraphs as deployed (NODE_ENV=production: graphql-js without its development checks).
    const catalogue = await start('catalogue', '1', ['-r', REGISTER, path.join(__dirname, 'catalogue', 'subgraphs.ts')], { NODE_ENV: 'production' }, /catalogue (\{.*\})/, (m) => m[1]);
    started.push(catalogue);
    const urls = JSON.parse(catalogue.url) as Record<string, string>;
    const composed = composeServices(catalogueSdls().map(({ name, typeDefs }) => ({ name, typeDefs, url: urls[name] })));
    if (composed.errors) throw new Error(`the catalogue does not compose: ${composed.errors.map(String).join('; ')}`);
    const supergraph = path.join(dir, 'supergraph.graphql');
    fs.writeFileSync(supergraph, composed.supergraphSdl);

    const opsgraphEnv = (workers: number, port: number, shareFetches = 'on') => ({
      SUPERGRAPH: supergraph, GATEWAY_AUTH: 'off', GATEWAY_PORT: String(port), GATEWAY_WORKERS: String(workers), GATEWAY_SHARE_FETCHES: shareFetches,
      // opsgraph's own executor (gateway/executor/) unless `--executor=apollo` asks for stock's behind our edge.
      GATEWAY_EXECUTOR: options.executor ?? 'opsgraph',
      REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: `opsgraph-bench:speed:${randomUUID()}:`, LOG_LEVEL: 'info',
      // Rate limits stay on with a limit the load never reaches: the benchmark measures what checking them costs.
      TENANT_RATE_PER_SECOND: '1000000', TENANT_BURST: '1000000',
    });
    const gatewayArgs = (profile?: string) => [
      ...SERVICE_NODE_FLAGS, ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []), '-r', REGISTER, path.join(REPO, 'scripts', 'serve.ts'), 'gateway',
    ];
    const opsgraphPort = await freePort();
    const opsgraph = await start('opsgraph', '0', gatewayArgs(options.profileDir), opsgraphEnv(1, opsgraphPort), /gateway started/, () => `http://127.0.0.1:${opsgraphPort}/graphql`);
    started.push(opsgraph);
    // The same without sharing identical calls across requests: the 50 clients all send one query, so sharing
    // spares the subgraphs most of their work; this shows the gateway's own speed without it.
    const unsharedPort = await freePort();
    const unshared = await start('opsgraph, no sharing', '0', gatewayArgs(), opsgraphEnv(1, unsharedPort, 'off'), /gateway started/, () => `http://127.0.0.1:${unsharedPort}/graphql`);
    started.push(unshared);
    // The edge off (limits, cost, scalar and persisted checks, rate limits; metrics on, auth off as above): what the edge costs.
    const edgeOffPort = await freePort();
    const edgeOff = await start('opsgraph, edge off', '0', [...SERVICE_NODE_FLAGS, '-r', REGISTER, path.join(__dirname, 'catalogue', 'edge-off-gateway.ts')],
      opsgraphEnv(1, edgeOffPort), /gateway started/, () => `http://127.0.0.1:${edgeOffPort}/graphql`);
    started.push(edgeOff);
    const stockPort = await freePort();
    // Stock as it would be deployed (NODE_ENV=production) and with our V8 flags: the ratio compares code, not settings.
    const stock = await start('stock', '0', [...SERVICE_NODE_FLAGS, '-r', REGISTER, path.join(__dirname, 'catalogue', 'stock-gateway.ts')],
      { SUPERGRAPH: supergraph, PORT: String(stockPort), NODE_ENV: 'production' }, /stock gateway at (\S+)/, (m) => m[1]);
    started.push(stock);
    const workersPort = await freePort();
    const twoWorkers = await start('opsgraph ×2 workers', '0,1', gatewayArgs(), opsgraphEnv(2, workersPort), /gateway started/, () => `http://127.0.0.1:${workersPort}/graphql`);
    started.push(twoWorkers);

    // Same answers everywhere before anything is timed.
    const answers: Record<string, number> = {};
    for (const [target, url] of [['opsgraph', opsgraph.url], ['opsgraph, no sharing', unshared.url], ['edge off', edgeOff.url], ['stock', stock.url], ['two workers', twoWorkers.url]] as const) {
      const nested = await post(url, NESTED_QUERY);
      if (nested.errors) throw new Error(`${target} answered the nested query with errors: ${JSON.stringify(nested.errors)}`);
      answers[target] = nested.bytes;
    }
    if (new Set(Object.values(answers)).size !== 1) throw new Error(`the gateways' answers differ in size: ${JSON.stringify(answers)}`);
    const direct = (await post(urls.products, ONE_FETCH_QUERY));
    if (direct.errors) throw new Error(`the products subgraph answered with errors: ${JSON.stringify(direct.errors)}`);

    type Case = { key: string; url: string; query: string; pid?: number };
    const cases: Case[] = [
      { key: 'nested/opsgraph', url: opsgraph.url, query: NESTED_QUERY, pid: opsgraph.pid },
      { key: 'nested/opsgraph, GATEWAY_SHARE_FETCHES=off', url: unshared.url, query: NESTED_QUERY, pid: unshared.pid },
      { key: 'nested/opsgraph, edge off', url: edgeOff.url, query: NESTED_QUERY, pid: edgeOff.pid },
      { key: 'nested/stock', url: stock.url, query: NESTED_QUERY, pid: stock.pid },
      { key: 'one-fetch/opsgraph', url: opsgraph.url, query: ONE_FETCH_QUERY, pid: opsgraph.pid },
      { key: 'one-fetch/opsgraph, edge off', url: edgeOff.url, query: ONE_FETCH_QUERY, pid: edgeOff.pid },
      { key: 'one-fetch/stock', url: stock.url, query: ONE_FETCH_QUERY, pid: stock.pid },
      { key: 'one-fetch/direct subgraph', url: urls.products, query: ONE_FETCH_QUERY },
      { key: 'nested/opsgraph, 2 workers on 2 cores', url: twoWorkers.url, query: NESTED_QUERY, pid: twoWorkers.pid },
    ];
    // Warm-up: JIT, plan and document caches, pooled connections.
    for (const c of cases) await load(c.url, c.query, connections, 2);
    const measured = new Map<string, LoadFigures[]>(cases.map((c) => [c.key, []]));
    for (let round = 0; round < rounds; round++) {
      // A B … then … B A: each target as often early as late in a round.
      const order = round % 2 === 0 ? cases : [...cases].reverse();
      for (const c of order) {
        const before = c.pid ? treeCpuMs(c.pid) : 0;
        const subgraphsBefore = cpuMs(catalogue.pid);
        const figures = await load(c.url, c.query, connections, seconds);
        const perRequest = (ms: number) => Math.round((ms / figures.requests) * 100) / 100;
        if (c.pid && figures.requests > 0) figures.cpuMsPerRequest = perRequest(treeCpuMs(c.pid) - before);
        if (figures.requests > 0) figures.subgraphsCpuMsPerRequest = perRequest(cpuMs(catalogue.pid) - subgraphsBefore);
        measured.get(c.key)!.push(figures);
      }
    }
    const figures = Object.fromEntries([...measured].map(([key, values]) => [key, medians(values)]));
    const ratio = (a: string, b: string) => Math.round((figures[a].rps / figures[b].rps) * 100) / 100;
    // Paired round by round, then the median: a round's neighbours weigh on both alike.
    const paired = (a: string, b: string) => median(measured.get(a)!.map((x, i) => x.rps / measured.get(b)![i].rps));
    return {
      executor: options.executor ?? 'opsgraph', connections, rounds, secondsPerRound: seconds, nestedAnswerBytes: answers.opsgraph, loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
      figures,
      ratios: {
        nestedOpsgraphVsStock: ratio('nested/opsgraph', 'nested/stock'),
        nestedOpsgraphVsStockPaired: Math.round(paired('nested/opsgraph', 'nested/stock') * 100) / 100,
        nestedUnsharedVsStock: ratio('nested/opsgraph, GATEWAY_SHARE_FETCHES=off', 'nested/stock'),
        nestedCpuStockVsOpsgraph: Math.round((figures['nested/stock'].cpuMsPerRequest! / figures['nested/opsgraph'].cpuMsPerRequest!) * 100) / 100,
        nestedCpuStockVsUnshared: Math.round((figures['nested/stock'].cpuMsPerRequest! / figures['nested/opsgraph, GATEWAY_SHARE_FETCHES=off'].cpuMsPerRequest!) * 100) / 100,
        // What the edge costs: the share of CPU per request it adds (the goal: ≤ 5%), and requests/s on against off.
        edgeCpuCostNested: Math.round((figures['nested/opsgraph'].cpuMsPerRequest! / figures['nested/opsgraph, edge off'].cpuMsPerRequest! - 1) * 1000) / 1000,
        edgeCpuCostOneFetch: Math.round((figures['one-fetch/opsgraph'].cpuMsPerRequest! / figures['one-fetch/opsgraph, edge off'].cpuMsPerRequest! - 1) * 1000) / 1000,
        edgeOnVsOffNested: ratio('nested/opsgraph', 'nested/opsgraph, edge off'),
        edgeOnVsOffOneFetch: ratio('one-fetch/opsgraph', 'one-fetch/opsgraph, edge off'),
        oneFetchOpsgraphVsStock: ratio('one-fetch/opsgraph', 'one-fetch/stock'),
        oneFetchOpsgraphVsDirect: ratio('one-fetch/opsgraph', 'one-fetch/direct subgraph'),
        oneFetchStockVsDirect: ratio('one-fetch/stock', 'one-fetch/direct subgraph'),
        twoWorkersVsOne: ratio('nested/opsgraph, 2 workers on 2 cores', 'nested/opsgraph'),
      },
    };
  } finally {
    for (const process of started.reverse()) await process.stop().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function printFederationSpeed(result: Awaited<ReturnType<typeof benchFederationSpeed>>): void {
  if ('skipped' in result) {
    console.log(`federation speed: skipped (${result.skipped})`);
    return;
  }
  console.table(Object.entries(result.figures).map(([name, f]) => ({ name, ...f })));
  console.log(
    `federation speed (executor ${result.executor}, ${result.connections} connections, ${result.rounds} rounds of ${result.secondsPerRound} s, nested answer ${result.nestedAnswerBytes} bytes, ` +
      `load average ${result.loadAverage.join(' ')}): ${JSON.stringify(result.ratios)}`,
  );
}
