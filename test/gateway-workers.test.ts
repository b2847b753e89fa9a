// GATEWAY_WORKERS (issue 13): `npm run gateway` with GATEWAY_WORKERS=2 runs two gateway processes on one port
// (node:cluster) over the benchmark's catalogue supergraph; both serve, one that dies is replaced, and SIGTERM to
// the primary stops them all.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { catalogueSdls, startCatalogue } from '../bench/catalogue/subgraphs';
import { NESTED_QUERY } from '../bench/federation-speed';
import { TEST_REDIS_URL } from './helpers/database';
import { freePort, waitForOutput } from './helpers/process';
import { until } from './helpers/subscriptions';

jest.setTimeout(90_000);

const ROOT = path.resolve(__dirname, '..');
const GATEWAY_ARGV = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
  .scripts.gateway.split(/\s+/).slice(1);

const childrenOf = (pid: number): number[] => {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
};
const alive = (pid: number) => fs.existsSync(`/proc/${pid}`) && !/\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));

let catalogue: Awaited<ReturnType<typeof startCatalogue>>;
let gateway: ChildProcess;
let url: string;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsgraph-workers-'));

beforeAll(async () => {
  catalogue = await startCatalogue();
  const composed = composeServices(catalogueSdls().map(({ name, typeDefs }) => ({ name, typeDefs, url: catalogue.urls[name] })));
  fs.writeFileSync(path.join(dir, 'supergraph.graphql'), composed.supergraphSdl!);
  const port = await freePort();
  url = `http://127.0.0.1:${port}/graphql`;
  gateway = spawn(process.execPath, GATEWAY_ARGV, {
    cwd: ROOT,
    env: {
      ...process.env, SUPERGRAPH: path.join(dir, 'supergraph.graphql'), GATEWAY_AUTH: 'off', GATEWAY_PORT: String(port), GATEWAY_WORKERS: '2',
      REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: `opsgraph-test:workers:${randomUUID()}:`, LOG_LEVEL: 'info', LOG_FORMAT: 'json',
    },
  });
  await waitForOutput(gateway, /"workers":2[^\n]*gateway started|gateway started[^\n]*"workers":2/, { text: '' });
});

afterAll(async () => {
  if (gateway.exitCode === null) {
    gateway.kill('SIGKILL');
    for (const worker of childrenOf(gateway.pid!)) process.kill(worker, 'SIGKILL');
  }
  await catalogue.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const ask = async (query: string) => {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return (await response.json()) as { data?: { topProducts: Array<{ upc: string; shippingEstimate: number; reviews: unknown[] }> }; errors?: unknown };
};

test('two gateway processes serve one port; a worker that dies is replaced; SIGTERM stops them all', async () => {
  const workers = childrenOf(gateway.pid!);
  expect(workers).toHaveLength(2);
  // Many connections at once reach both workers; each answers the federated query whole (@requires, @provides, entities).
  const answers = await Promise.all(Array.from({ length: 20 }, () => ask(NESTED_QUERY)));
  for (const answer of answers) {
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.topProducts).toHaveLength(10);
    expect(answer.data!.topProducts[0]).toMatchObject({ upc: '1000', shippingEstimate: 50 });
  }

  process.kill(workers[0], 'SIGKILL');
  await until(() => childrenOf(gateway.pid!).length === 2 && !childrenOf(gateway.pid!).includes(workers[0]), 'a new worker replaces the killed one');
  await until(async () => (await ask('{ topProducts(first: 1) { upc } }').catch((): Awaited<ReturnType<typeof ask>> => ({}))).data?.topProducts?.[0]?.upc === '1000', 'the port still answers');

  const current = childrenOf(gateway.pid!);
  const exited = new Promise((resolve) => gateway.once('exit', resolve));
  gateway.kill('SIGTERM');
  await exited;
  await until(() => current.every((pid) => !alive(pid)), 'every worker stopped');
});
