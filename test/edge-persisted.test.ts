// Persisted operations through two gateway processes sharing one Redis: APQ learned on one replica is served by
// the other, and a partner token runs only operations of the trusted-documents manifest, by id.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_MANIFEST_PATH } from '../gateway/plugins/trusted-documents';
import { startTestStack, TEST_JWT_SECRET, type TestStack } from './helpers/stack';
import { TEST_REDIS_URL } from './helpers/database';
import { freePort } from './helpers/process';

const root = path.resolve(__dirname, '..');
const TENANT = 'tenant-persisted';
const manifest = JSON.parse(fs.readFileSync(DEFAULT_MANIFEST_PATH, 'utf8')) as Record<string, string>;
const idOf = (name: string) => Object.keys(manifest).find((id) => manifest[id].includes(`query ${name}(`))!;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let stack: TestStack;
let gateway2: { url: string; process: ChildProcess; output: { text: string } };
const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsgraph-manifest-'));
const tempManifest = path.join(tempDir, 'persisted-documents.json');

/** Unlike helpers/process.ts' waitForOutput, this one looks at what was already collected too: a reload's line may be in it. */
function waitForOutput(proc: ChildProcess, output: { text: string }, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (pattern.test(output.text)) {
        proc.stdout!.off('data', check);
        proc.off('exit', onExit);
        resolve();
      }
    };
    const onExit = (code: number | null) => reject(new Error(`gateway 2 exited with ${code} before ${pattern}:\n${output.text}`));
    proc.stdout!.on('data', check);
    proc.once('exit', onExit);
    check();
  });
}

async function startSecondGateway(): Promise<typeof gateway2> {
  const port = await freePort();
  const subgraphUrls = Object.entries(stack.subgraphs).map(([name, subgraph]) => `${name}=${subgraph.url}`).join(',');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'test', LOG_LEVEL: 'info',
    GATEWAY_PORT: String(port), SUBGRAPH_URLS: subgraphUrls, JWT_SECRET: TEST_JWT_SECRET,
    SUBGRAPH_SECRET: stack.config.auth.subgraphSecret, REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: stack.config.redisKeyPrefix,
    TRUSTED_DOCUMENTS_PATH: tempManifest,
  };
  const child = spawn(process.execPath, ['-r', './platform/register.js', 'scripts/serve.ts', 'gateway'], { cwd: root, env });
  const output = { text: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
  await waitForOutput(child, output, /gateway started/);
  const ready = await fetch(`http://127.0.0.1:${port}/ready`);
  expect(ready.status).toBe(200);
  return { url: `http://127.0.0.1:${port}/graphql`, process: child, output };
}

async function post(url: string, body: Record<string, unknown>, token: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, ...((await response.json()) as { data?: any; errors?: Array<{ message: string; extensions?: any }> }) };
}

beforeAll(async () => {
  fs.copyFileSync(DEFAULT_MANIFEST_PATH, tempManifest);
  stack = await startTestStack();
  gateway2 = await startSecondGateway();
});

afterAll(async () => {
  if (gateway2?.process.exitCode === null) {
    const exited = new Promise((resolve) => gateway2.process.once('exit', resolve));
    gateway2.process.kill('SIGTERM');
    await exited;
  }
  await stack?.close();
  fs.rmSync(tempDir, { recursive: true, force: true });
});

describe('APQ across gateway replicas', () => {
  const query = 'query ApqOrders { orders(first: 3) { totalCount } }';
  const persistedQuery = { version: 1, sha256Hash: sha256(query) };

  test('a hash registered on gateway 1 is answered by gateway 2 from the hash alone', async () => {
    const admin = await stack.token(TENANT, ['admin']);
    const registered = await post(stack.gateway.url, { query, extensions: { persistedQuery } }, admin);
    expect(registered.errors).toBeUndefined();
    const served = await post(gateway2.url, { extensions: { persistedQuery } }, admin);
    expect(served.errors).toBeUndefined();
    expect(served.data).toEqual(registered.data);
  });

  test('an unknown hash gets PERSISTED_QUERY_NOT_FOUND', async () => {
    const admin = await stack.token(TENANT, ['admin']);
    const result = await post(gateway2.url, { extensions: { persistedQuery: { version: 1, sha256Hash: sha256('query Never { orders { totalCount } }') } } }, admin);
    expect(result.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});

describe('trusted documents for partners', () => {
  // `partner` locks the token onto the manifest; the read grant comes from the role beside it.
  const partnerToken = () => stack.token(TENANT, ['partner', 'viewer'], 'partner-acme');

  test('a partner runs a manifest operation by documentId and by APQ hash, on either gateway', async () => {
    const token = await partnerToken();
    const id = idOf('PartnerOrders');
    for (const url of [stack.gateway.url, gateway2.url]) {
      const byDocumentId = await post(url, { documentId: id, variables: { first: 5 } }, token);
      expect(byDocumentId.errors).toBeUndefined();
      expect(byDocumentId.data!.orders).toMatchObject({ totalCount: expect.any(Number), edges: expect.any(Array) });
      const byHash = await post(url, { extensions: { persistedQuery: { version: 1, sha256Hash: id.replace(/^sha256:/, '') } } }, token);
      expect(byHash.errors).toBeUndefined();
    }
  });

  test('a partner sending a document in the body gets PERSISTED_QUERY_REQUIRED, even the manifest text itself', async () => {
    const token = await partnerToken();
    const id = idOf('PartnerOrders');
    for (const body of [{ query: '{ orders(first: 1) { totalCount } }' }, { query: manifest[id] }, { query: manifest[id], documentId: id }]) {
      const result = await post(stack.gateway.url, body, token);
      expect(result.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_REQUIRED');
      expect(result.errors?.[0].extensions?.requestId).toEqual(expect.any(String));
      expect(result.status).toBe(400);
      expect(result.data).toBeUndefined();
    }
  });

  test('a partner naming an unknown id gets PERSISTED_QUERY_NOT_FOUND, even one APQ has learned', async () => {
    const token = await partnerToken();
    const admin = await stack.token(TENANT, ['admin']);
    const learned = 'query Learned { orders(first: 1) { totalCount } }';
    const sha256Hash = sha256(learned);
    expect((await post(stack.gateway.url, { query: learned, extensions: { persistedQuery: { version: 1, sha256Hash } } }, admin)).errors).toBeUndefined();
    for (const body of [{ documentId: `sha256:${'0'.repeat(64)}` }, { extensions: { persistedQuery: { version: 1, sha256Hash } } }]) {
      const result = await post(gateway2.url, body, token);
      expect(result.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    }
  });

  test('an admin may still send documents, and may run manifest operations by id', async () => {
    const admin = await stack.token(TENANT, ['admin']);
    const byDocument = await post(stack.gateway.url, { query: '{ orders(first: 1) { totalCount } }' }, admin);
    expect(byDocument.errors).toBeUndefined();
    const byId = await post(stack.gateway.url, { documentId: idOf('PartnerOrders') }, admin);
    expect(byId.errors).toBeUndefined();
  });

  test('gateway 2 reloads its manifest when the file changes and serves the new operation', async () => {
    const token = await partnerToken();
    const added = 'query PartnerOrderCount { orders(first: 1) { totalCount } }';
    const id = `sha256:${sha256(added)}`;
    expect((await post(gateway2.url, { documentId: id }, token)).errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const count = Object.keys(manifest).length + 1;
    const reloaded = waitForOutput(gateway2.process, gateway2.output, new RegExp(`"documents":${count},"msg":"trusted documents loaded"`));
    fs.writeFileSync(tempManifest, JSON.stringify({ ...manifest, [id]: added }, null, 2));
    await reloaded;
    const result = await post(gateway2.url, { documentId: id }, token);
    expect(result.errors).toBeUndefined();
    expect(result.data!.orders.totalCount).toEqual(expect.any(Number));
  });
});
