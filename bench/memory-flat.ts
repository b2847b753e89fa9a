// Memory under distinct operations (issue 13): every cache a client fills with new documents (Apollo Server's
// document store, the query plans, opsgraph's per-operation LRUs, the cost cache, metrics labels by operation name)
// must be bounded, so the gateway's memory stays flat however many distinct operations arrive. Over the catalogue
// subgraphs, opsgraph's gateway (`npm run gateway`: SUPERGRAPH, GATEWAY_AUTH=off, GATEWAY_WORKERS=1, every other
// edge feature on) with GATEWAY_EXECUTOR=opsgraph and =apollo, and stock @apollo/gateway as the baseline, each get a
// warm-up of distinct operations, then 20,000 more (each a new name, new aliases and its own field selection: a new
// parse, validation, plan and cost entry). RSS (/proc/<pid>/status VmRSS) is read after the process has collected
// its garbage (bench/catalogue/gc-hook.ts, preloaded with --expose-gc here only) and settled: after the warm-up,
// every 2,500 operations (`--step=`), and at the end. Pass: RSS at the end within 10% of RSS after the warm-up.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { composeServices } from '@apollo/composition';
import { TEST_REDIS_URL } from '../test/helpers/database';
import { freePort, waitForOutput } from '../test/helpers/process';
import { stopChild } from '../platform/stop-child';
import { SERVICE_NODE_FLAGS } from '../platform/node-flags';
import { catalogueSdls } from './catalogue/subgraphs';
import { median } from './harness';

const REPO = path.resolve(__dirname, '..');
const REGISTER = path.join(REPO, 'platform', 'register.js');
const GC_HOOK = path.join(__dirname, 'catalogue', 'gc-hook.ts');

export interface MemoryFlatOptions { warmup?: number; operations?: number; concurrency?: number; tolerance?: number; step?: number }

/**
 * The i-th distinct operation: its own operation name and aliases, and a field selection picked by the bits of i
 * (shippingEstimate needs inventory and its @requires, reviews the reviews subgraph, author.name accounts), so
 * plans differ in their fetches too. No two i give the same document.
 */
export function distinctOperation(i: number): string {
  const bit = (n: number) => ((i >> n) & 1) === 1;
  const product = [
    `u${i}: upc`, 'name',
    bit(0) ? 'price' : 'weight',
    bit(1) ? 'inStock' : '',
    bit(2) ? `e${i}: shippingEstimate` : '',
    bit(3) ? `r${i}: reviews { id ${bit(4) ? 'body' : ''} ${bit(5) ? `author { username ${bit(6) ? 'name' : ''} }` : ''} }` : '',
  ].filter(Boolean).join(' ');
  return `query Mem${i} { p${i}: topProducts(first: ${1 + (i % 3)}) { ${product} } }`;
}

interface Target { name: string; pid: number; url: string; child: ChildProcess; output: { text: string } }
export interface MemoryReading { operations: number; rssMb: number; heapUsedMb: number }

function rssKb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)![1]);
}

const mb = (bytes: number) => Math.round((bytes / (1 << 20)) * 10) / 10;

/** Asks the process to collect its garbage (SIGUSR2, gc-hook.ts), waits for it to say so, then reads RSS a few times. */
async function settledMemory(target: Target, operations: number): Promise<MemoryReading> {
  const heaps: number[] = [];
  for (let pass = 0; pass < 2; pass++) {
    const before = target.output.text.length;
    target.child.kill('SIGUSR2');
    const started = Date.now();
    let match: RegExpExecArray | null = null;
    while (!(match = /gc-settled (\{.*\})/.exec(target.output.text.slice(before)))) {
      if (Date.now() - started > 60_000) throw new Error(`${target.name} did not collect its garbage within 60 s`);
      await delay(50);
    }
    heaps.push((JSON.parse(match[1]) as { heapUsed: number }).heapUsed);
  }
  // RSS after the collection: several reads a moment apart (freed pages go back to the system lazily), the median.
  const reads: number[] = [];
  for (let i = 0; i < 5; i++) {
    await delay(200);
    reads.push(rssKb(target.pid));
  }
  return { operations, rssMb: Math.round((median(reads) / 1024) * 10) / 10, heapUsedMb: mb(heaps.at(-1)!) };
}

async function startTarget(name: string, args: string[], env: Record<string, string>, ready: RegExp, url: string): Promise<Target> {
  const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, '--expose-gc', '-r', REGISTER, '-r', GC_HOOK, ...args], {
    cwd: REPO, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { text: '' };
  await waitForOutput(child, ready, output);
  // Keep only the tail of what it prints: the readings look at what comes after each signal.
  child.stdout.on('data', () => {
    if (output.text.length > 1 << 20) output.text = output.text.slice(-(1 << 16));
  });
  return { name, pid: child.pid!, url, child, output };
}

function stopTarget(target: Target): Promise<void> {
  return stopChild(target.child);
}

/** Sends operations [from, to) with `concurrency` in flight; every answer must carry data and no errors. */
async function send(url: string, from: number, to: number, concurrency: number): Promise<void> {
  let next = from;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < to) {
      const i = next++;
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: distinctOperation(i) }) });
      const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown };
      if (!response.ok || body.errors || !body.data?.[`p${i}`]) throw new Error(`operation ${i} failed (${response.status}): ${JSON.stringify(body).slice(0, 500)}`);
    }
  }));
}

export async function benchMemoryFlat(options: MemoryFlatOptions = {}) {
  const warmup = options.warmup ?? 2000;
  const operations = options.operations ?? 20_000;
  const concurrency = options.concurrency ?? 8;
  const tolerance = options.tolerance ?? 0.1;
  const step = Math.min(options.step ?? 2500, operations);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsgraph-memory-flat-'));
  const catalogue = spawn(process.execPath, ['-r', REGISTER, path.join(__dirname, 'catalogue', 'subgraphs.ts')], {
    cwd: REPO, env: { PATH: process.env.PATH, HOME: process.env.HOME }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const targets: Target[] = [];
  try {
    const urls = JSON.parse((await waitForOutput(catalogue, /catalogue (\{.*\})/, { text: '' }))[1]) as Record<string, string>;
    const composed = composeServices(catalogueSdls().map(({ name, typeDefs }) => ({ name, typeDefs, url: urls[name] })));
    if (composed.errors) throw new Error(`the catalogue does not compose: ${composed.errors.map(String).join('; ')}`);
    const supergraph = path.join(dir, 'supergraph.graphql');
    fs.writeFileSync(supergraph, composed.supergraphSdl);
    const gateway = async (executor: 'opsgraph' | 'apollo') => {
      const port = await freePort();
      return startTarget(`opsgraph, GATEWAY_EXECUTOR=${executor}`, [path.join(REPO, 'scripts', 'serve.ts'), 'gateway'], {
        SUPERGRAPH: supergraph, GATEWAY_AUTH: 'off', GATEWAY_PORT: String(port), GATEWAY_WORKERS: '1', GATEWAY_EXECUTOR: executor,
        REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: `opsgraph-bench:memory:${randomUUID()}:`, LOG_LEVEL: 'info',
        // Rate limits stay on with a limit the load never reaches.
        TENANT_RATE_PER_SECOND: '1000000', TENANT_BURST: '1000000',
      }, /gateway started/, `http://127.0.0.1:${port}/graphql`);
    };
    targets.push(await gateway('opsgraph'), await gateway('apollo'));
    const stockPort = await freePort();
    targets.push(await startTarget('stock @apollo/gateway', [path.join(__dirname, 'catalogue', 'stock-gateway.ts')],
      { SUPERGRAPH: supergraph, PORT: String(stockPort) }, /stock gateway at (\S+)/, `http://127.0.0.1:${stockPort}/`));

    // The targets run side by side: on a shared, loaded machine each process gets its own share of the cores, and
    // RSS is per process. Each target has its own range of operations, so nothing is shared through the subgraphs.
    const results = await Promise.all(targets.map(async (target, index) => {
      const base = index * (warmup + operations);
      await send(target.url, base, base + warmup, concurrency);
      const readings = [await settledMemory(target, 0)];
      console.log(`memory-flat ${target.name}: after ${warmup} operations of warm-up ${JSON.stringify(readings[0])}`);
      for (let done = 0; done < operations; done += step) {
        const upTo = Math.min(operations, done + step);
        const started = Date.now();
        await send(target.url, base + warmup + done, base + warmup + upTo, concurrency);
        readings.push(await settledMemory(target, upTo));
        console.log(`memory-flat ${target.name}: ${upTo} operations, ${Math.round((upTo - done) / ((Date.now() - started) / 1000))} operations/s, ${JSON.stringify(readings.at(-1))}`);
      }
      const afterWarmup = readings[0];
      const after = readings.at(-1)!;
      const ratio = Math.round((after.rssMb / afterWarmup.rssMb) * 1000) / 1000;
      return {
        target: target.name, warmupOperations: warmup, operations, rssAfterWarmupMb: afterWarmup.rssMb, rssAfterMb: after.rssMb, ratio,
        verdict: ratio <= 1 + tolerance ? 'pass' : 'fail', heapUsedAfterWarmupMb: afterWarmup.heapUsedMb, heapUsedAfterMb: after.heapUsedMb, readings,
      };
    }));
    return { warmup, operations, concurrency, tolerance, loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100), results };
  } finally {
    for (const target of targets.reverse()) await stopTarget(target).catch(() => undefined);
    catalogue.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function printMemoryFlat(result: Awaited<ReturnType<typeof benchMemoryFlat>>): void {
  console.table(result.results.map(({ target, rssAfterWarmupMb, rssAfterMb, ratio, verdict, heapUsedAfterWarmupMb, heapUsedAfterMb }) => ({
    target, 'RSS after warm-up MB': rssAfterWarmupMb, [`RSS after ${result.operations} MB`]: rssAfterMb, ratio, verdict,
    'heap after warm-up MB': heapUsedAfterWarmupMb, 'heap after MB': heapUsedAfterMb,
  })));
  console.log(
    `memory flat: ${result.warmup} distinct operations of warm-up, then ${result.operations} more (${result.concurrency} in flight); ` +
      `pass when RSS grows at most ${result.tolerance * 100}%; load average ${result.loadAverage.join(' ')}`,
  );
}
