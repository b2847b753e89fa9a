// What this round's hardening costs: the previous release (PREVIOUS_RELEASE, the last commit before it) and this
// checkout, each as a whole stack started by its own `scripts/start.ts` in its own process (real PostgreSQL, a fresh
// database each, its own Redis key space, the demo tenant seeded and synced by npm start itself), under the same
// request mix. The previous release is materialised at bench time with `git archive` into a temporary directory
// (nothing committed, no worktree registered) that reuses this checkout's node_modules, and removed afterwards.
// Only one stack is under load at a time; rounds alternate A B B A … so drift on a shared machine hits both alike.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { signUserToken } from '../platform/identity';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from '../test/helpers/database';
import { freePort, waitForOutput } from '../test/helpers/process';
import { operation } from '../test/helpers/stack';
import { median, percentile } from './harness';
import { forgetRedisKeys } from './harness';

export const PREVIOUS_RELEASE = '8ee1048';
const REPO = path.resolve(__dirname, '..');
const TENANT = 'demo'; // the tenant npm start seeds and syncs
const PORTS = ['GATEWAY_PORT', 'COMMERCE_PORT', 'LOGISTICS_PORT', 'FINANCE_PORT', 'AI_PORT', 'KEYS_PORT', 'SANDBOX_PORT'];

export interface HardeningCostOptions {
  rounds?: number;
  seconds?: number;
  warmupSeconds?: number;
  concurrency?: number;
  /** Run both stacks under `node --cpu-prof`, writing their profiles into `previous/` and `current/` of this directory. */
  profileDir?: string;
}

interface Round { requests: number; errors: number; rps: number; p50Ms: number; p95Ms: number; p99Ms: number; cpuMsPerRequest: number }

interface RunningRelease { label: string; url: string; pid: number; stop(): Promise<void> }

// On a shared machine the wall-clock rate says as much about the neighbours as about the code; the CPU time the
// stack's process spends per request does not depend on how much of the CPU it was given.
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS; // utime + stime
}

/** The previous release's tree in a temporary directory, with this checkout's installed packages. */
function materialise(commit: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `opsgraph-${commit}-`));
  const tarball = path.join(dir, '.release.tar');
  execFileSync('git', ['-C', REPO, 'archive', '--format=tar', '-o', tarball, commit]);
  execFileSync('tar', ['-x', '-f', tarball, '-C', dir]);
  fs.rmSync(tarball);
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

async function startRelease(label: string, dir: string, secrets: Record<string, string>, nodeArgs: string[] = []): Promise<RunningRelease> {
  const database: TestDatabase = await createTestDatabase();
  const prefix = `opsgraph-bench:${label.replace(/[^\w]+/g, '-')}:${randomUUID()}:`;
  const ports: Record<string, string> = {};
  for (const name of PORTS) ports[name] = String(await freePort());
  let child: ChildProcess | null = null;
  const stop = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      const killer = setTimeout(() => child!.kill('SIGKILL'), 15_000);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(killer);
    }
    await database.drop();
    await forgetRedisKeys(prefix);
  };
  try {
    child = spawn(process.execPath, [...nodeArgs, '-r', './platform/register.js', 'scripts/start.ts'], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        // Production: every hardening that only production turns on (masked errors, no introspection or suggestions).
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        LOG_FORMAT: 'json',
        DATABASE_URL: database.url,
        REDIS_URL: TEST_REDIS_URL,
        REDIS_KEY_PREFIX: prefix,
        SYNC_INTERVAL_MS: '0',
        // The tenant's request rate would pace the load itself: the benchmark measures what is behind the limiter.
        TENANT_RATE_PER_SECOND: '1000000',
        TENANT_BURST: '1000000',
        ...secrets,
        ...ports,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = { text: '' };
    const [, url] = await waitForOutput(child, /gateway:\s+(http:\/\/\S+)/, output);
    const warnings = output.text.split('\n').filter((line) => /"level":(40|50|60)/.test(line));
    if (warnings.length > 0) console.warn(`${label}: ${warnings.length} warning(s) at start-up, first: ${warnings[0].slice(0, 300)}`);
    child.stdout!.resume();
    child.stderr!.resume();
    return { label, url: url.endsWith('/graphql') ? url : new URL('/graphql', url).toString(), pid: child.pid!, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}


function requestMix(token: string) {
  const bodies = [
    JSON.stringify({ query: operation('OrdersDashboard'), variables: { first: 20 } }),
    JSON.stringify({ query: 'query OrderCount { orders(first: 1) { totalCount } }' }),
  ];
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  return async (url: string, index: number): Promise<boolean> => {
    const response = await fetch(url, { method: 'POST', headers, body: bodies[index % bodies.length] });
    const json = (await response.json()) as { errors?: unknown[] };
    return response.status === 200 && !json.errors;
  };
}

/** `concurrency` connections sending the mix (dashboard, one field, alternately) for `seconds`. */
async function load(release: RunningRelease, send: ReturnType<typeof requestMix>, seconds: number, concurrency: number): Promise<Round> {
  const { url, pid } = release;
  const latencies: number[] = [];
  let issued = 0;
  let errors = 0;
  const cpuBefore = cpuMs(pid);
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      const ok = await send(url, issued++).catch(() => false);
      if (ok) latencies.push(performance.now() - t0);
      else errors++;
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  const cpu = cpuMs(pid) - cpuBefore;
  latencies.sort((a, b) => a - b);
  const ms = (p: number) => Math.round(percentile(latencies, p) * 100) / 100;
  return {
    requests: latencies.length, errors, rps: Math.round((latencies.length / elapsed) * 10) / 10, p50Ms: ms(50), p95Ms: ms(95), p99Ms: ms(99),
    cpuMsPerRequest: Math.round((cpu / Math.max(1, latencies.length + errors)) * 100) / 100,
  };
}

/** Both releases must serve the same seeded data, or the comparison compares data, not code. */
async function checkSameData(releases: RunningRelease[], token: string): Promise<number> {
  const counts = await Promise.all(releases.map(async ({ label, url }) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: operation('OrdersDashboard'), variables: { first: 20 } }),
    });
    const json = (await response.json()) as { data?: { orders: { totalCount: number; edges: unknown[] } }; errors?: unknown[] };
    if (json.errors || !json.data) throw new Error(`${label}: OrdersDashboard failed: ${JSON.stringify(json.errors).slice(0, 300)}`);
    return json.data.orders.totalCount;
  }));
  if (new Set(counts).size !== 1 || counts[0] === 0) throw new Error(`the releases were seeded differently: ${counts.join(' vs ')} orders`);
  return counts[0];
}

export async function benchHardeningCost(options: HardeningCostOptions = {}) {
  const { rounds = 5, seconds = 15, warmupSeconds = 5, concurrency = 32 } = options;
  const secrets = { JWT_SECRET: randomBytes(48).toString('base64'), KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
  // Accepted by both: HS256 with the shared secret, issuer opsgraph, an `exp` 1 h away, a tenant id of [a-z0-9].
  const token = await signUserToken({ sub: 'bench', tenant: TENANT, roles: ['viewer'] }, secrets.JWT_SECRET, { expiresIn: '1h' });
  const previousDir = materialise(PREVIOUS_RELEASE);
  const started: RunningRelease[] = [];
  try {
    // One after the other: start-up (migrations, composition, the demo syncs) is CPU-heavy.
    const profile = (name: string) => (options.profileDir ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(options.profileDir, name)] : []);
    const previous = await startRelease(`previous (${PREVIOUS_RELEASE})`, previousDir, secrets, profile('previous'));
    started.push(previous);
    const current = await startRelease('current', REPO, secrets, profile('current'));
    started.push(current);
    const orders = await checkSameData(started, token);
    const send = requestMix(token);
    const runs = new Map<RunningRelease, Round[]>([[previous, []], [current, []]]);
    // A first, longer warm-up each: the first round's figures were up to twice the CPU per request of the later ones.
    for (const release of [previous, current]) await load(release, send, 3 * warmupSeconds, concurrency);
    for (let round = 0; round < rounds; round++) {
      for (const release of round % 2 === 0 ? [previous, current] : [current, previous]) {
        await load(release, send, warmupSeconds, concurrency); // discarded: warms the JIT and the pools after the idle spell
        const measured = await load(release, send, seconds, concurrency);
        console.log(
          `  round ${round + 1}, ${release.label}: ${measured.rps} req/s, p50 ${measured.p50Ms} ms, p95 ${measured.p95Ms} ms, ` +
            `${measured.cpuMsPerRequest} CPU ms/request, ${measured.errors} errors, load average ${os.loadavg()[0].toFixed(1)}`,
        );
        runs.get(release)!.push(measured);
      }
    }
    const summarize = (release: RunningRelease) => {
      const measured = runs.get(release)!;
      const m = (key: keyof Round) => median(measured.map((run) => run[key]));
      return { release: release.label, requests: measured.reduce((sum, run) => sum + run.requests, 0), errors: measured.reduce((sum, run) => sum + run.errors, 0), rps: m('rps'), p50Ms: m('p50Ms'), p95Ms: m('p95Ms'), p99Ms: m('p99Ms'), cpuMsPerRequest: m('cpuMsPerRequest') };
    };
    const before = summarize(previous);
    const after = summarize(current);
    const ratio = (key: 'rps' | 'p50Ms' | 'p95Ms' | 'cpuMsPerRequest') => Math.round((after[key] / before[key]) * 1000) / 1000;
    // Each round's two measurements are next to each other in time: their ratio cancels most of the drift.
    const paired = median(runs.get(current)!.map((run, i) => run.rps / runs.get(previous)!.at(i)!.rps));
    return {
      benchmark: 'hardening-cost',
      previousRelease: PREVIOUS_RELEASE,
      mix: 'OrdersDashboard(first: 20) and orders(first: 1) { totalCount }, alternately',
      orders,
      rounds,
      secondsPerRound: seconds,
      warmupSeconds,
      concurrency,
      loadAverage: os.loadavg().map((value) => Math.round(value * 100) / 100),
      previous: before,
      current: after,
      ratio: { rps: ratio('rps'), rpsPairedByRound: Math.round(paired * 1000) / 1000, p50: ratio('p50Ms'), p95: ratio('p95Ms'), cpuPerRequest: ratio('cpuMsPerRequest') },
      /** Throughput lost, from the medians of RPS (noisy on a shared machine) and from CPU time per request. */
      costPercent: { rps: Math.round((1 - after.rps / before.rps) * 1000) / 10, cpu: Math.round((1 - before.cpuMsPerRequest / after.cpuMsPerRequest) * 1000) / 10 },
    };
  } finally {
    for (const release of started.reverse()) await release.stop().catch((error) => console.error(`stopping ${release.label} failed:`, error));
    fs.rmSync(previousDir, { recursive: true, force: true });
  }
}
