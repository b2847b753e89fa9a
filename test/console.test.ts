// The admin console in a real browser (Debian's Chromium, driven by playwright-core) against `npm start` on a fresh
// PostgreSQL database and Redis: sign in with the printed token, keys and usage, an order dispatched by the test
// showing up live, adding and testing a key, a key alert arriving live, the assistant, and GraphiQL. Each page is
// screenshotted into test/screenshots/ (git-ignored). Waits are on page conditions, never on time.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEMO_CREDENTIALS } from '../sandbox/demo';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from './helpers/database';
import { freshInvoice } from './helpers/orders';

const ROOT = path.resolve(__dirname, '..');
const SCREENSHOTS = path.join(__dirname, 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

let child: ChildProcess | null = null;
let database: TestDatabase | null = null;
let browser: Browser | null = null;
let page: Page;
let origin: string;
let graphqlUrl: string;
let token: string;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsgraph-console-'));
const output = { text: '' };
const problems: string[] = [];
const outsideRequests: string[] = [];

function waitForOutput(proc: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = output.text.match(pattern);
      if (match) resolve(match);
    };
    proc.stdout!.on('data', check);
    proc.stderr!.on('data', check);
    check();
    proc.once('exit', (code) => reject(new Error(`npm start exited with ${code} before ${pattern}:\n${output.text.slice(-5000)}`)));
  });
}

async function graphql<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data!;
}

/** Upstream subscriptions the gateway holds (its /metrics), so an event is published only once someone listens. */
async function upstreamSubscriptions(): Promise<number> {
  const metrics = await (await fetch(new URL('/metrics', origin))).text();
  return Number(metrics.match(/^opsgraph_gateway_upstream_subscriptions (\d+)/m)?.[1] ?? 0);
}

async function until<T>(condition: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 50)); // polling an outside condition, not waiting for time to pass
  }
}

async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

async function openPage(name: string): Promise<void> {
  await page.click(`nav a[data-page="${name}"]`);
  await page.locator(`#page-${name}[aria-busy="false"]`).waitFor();
}

beforeAll(async () => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  database = await createTestDatabase();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: `opsgraph-test:${randomUUID()}:`,
    SYNC_INTERVAL_MS: '0',
    LOG_LEVEL: 'info',
  };
  for (const port of ['GATEWAY_PORT', 'COMMERCE_PORT', 'LOGISTICS_PORT', 'FINANCE_PORT', 'AI_PORT', 'KEYS_PORT', 'SANDBOX_PORT']) env[port] = '0';
  child = spawn(process.execPath, ['-r', './platform/register.js', 'scripts/start.ts'], { cwd: ROOT, env });
  child.stdout!.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
  await waitForOutput(child, /opsgraph ready/);
  graphqlUrl = output.text.match(/gateway:\s+(\S+)/)![1];
  token = output.text.match(/dev token:\s+(\S+)/)![1];
  origin = new URL(graphqlUrl).origin;

  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('console', (message) => {
    // The refused sign-in's 401 is expected; anything else (a CSP refusal is one) is a problem.
    if (message.type() === 'error' && !/status of 401/.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol !== 'data:' && url.host !== new URL(origin).host) outsideRequests.push(request.url());
  });
  console.log(`console screenshots: ${SCREENSHOTS}`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGINT');
    const killer = setTimeout(() => child?.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(killer);
  }
  await database?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}, 180_000);

describe('the admin console', () => {
  test('shows the sign-in screen, refuses a bad token, and signs in with the printed one', async () => {
    await page.goto(`${origin}/console/`);
    await page.locator('#login-form').waitFor();
    await screenshot('01-login');
    await page.fill('#token', 'not-a-token');
    await page.click('#login-form button[type=submit]');
    await page.locator('#login-error', { hasText: 'Sign-in refused' }).waitFor();
    await page.fill('#token', token);
    await page.click('#login-form button[type=submit]');
    await page.locator('#app').waitFor();
    expect(await page.evaluate(() => (globalThis as any).sessionStorage.getItem('opsgraph.token'))).toBe(token);
    await page.locator('#who', { hasText: 'tenant demo' }).waitFor();
  });

  test("lists the tenant's keys with their status and today's quota", async () => {
    await page.locator('#page-keys[aria-busy="false"]').waitFor();
    for (const provider of ['CAFE24', 'SWEETTRACKER', 'TOSS', 'OPENAI', 'COUPANG']) {
      await page.locator('#keys-table tbody tr', { hasText: provider }).first().waitFor();
    }
    await page.locator('#keys-table tbody tr', { hasText: 'CAFE24' }).locator('.status.ACTIVE').first().waitFor();
    expect(await page.locator('#keys-table .quota .bar').count()).toBeGreaterThanOrEqual(8);
    await screenshot('02-keys');
  });

  test('adds a key and tests it against the provider', async () => {
    // The provider list and each one's credential fields come from the registry (the keys API's `providers`).
    const { SERVED_PROVIDERS, PLANNED_PROVIDERS } = await import('../providers/registry');
    await page.locator('#add-provider option').first().waitFor({ state: 'attached' });
    expect(await page.locator('#add-provider option').evaluateAll((options) => options.map((o) => (o as { value: string }).value)))
      .toEqual([...SERVED_PROVIDERS, ...PLANNED_PROVIDERS].map((d) => d.name));
    await page.selectOption('#add-provider', 'COUPANG');
    expect(JSON.parse(await page.inputValue('#add-key textarea[name=credentials]'))).toEqual({ vendorId: '', accessKey: '', secretKey: '' });
    await page.selectOption('#add-provider', 'SWEETTRACKER');
    await page.fill('#add-key input[name=label]', 'console spare');
    await page.fill('#add-key input[name=dailyQuota]', '500');
    await page.fill('#add-key textarea[name=credentials]', JSON.stringify(DEMO_CREDENTIALS.sweettracker));
    await page.click('#add-key button[type=submit]');
    const row = page.locator('#keys-table tbody tr', { hasText: 'console spare' });
    await row.waitFor();
    await row.locator('.quota', { hasText: '0 / 500' }).waitFor();
    await row.getByRole('button', { name: 'Test' }).click();
    await row.locator('.test-result.ok', { hasText: 'test ok' }).waitFor();
    await screenshot('03-keys-added-and-tested');
  });

  test('charts usage per provider over time, from the calls the demo seeding made', async () => {
    await openPage('usage');
    await page.locator('#usage-table tbody tr[data-provider="CAFE24"]').waitFor();
    const calls = Number((await page.locator('#usage-table tbody tr[data-provider="CAFE24"] td').nth(1).textContent())!.replace(/\D/g, ''));
    expect(calls).toBeGreaterThan(0);
    // Chart.js drew the datasets: one per provider that made calls.
    const datasets = await page.evaluate(() => (globalThis as any).Chart.getChart('usage-chart')?.data.datasets.map((set: any) => set.label));
    expect(datasets).toEqual(expect.arrayContaining(['CAFE24', 'NAVER', 'COUPANG']));
    await screenshot('04-usage');
  });

  test('shows an order event live when an order is dispatched', async () => {
    await openPage('orders');
    await page.locator('#orders-table tbody tr').first().waitFor();
    await page.locator('#live-status[data-state="connected"]').waitFor();
    // The console's orderStatusChanged and apiKeyAlerts subscriptions are both held upstream before the dispatch.
    await until(async () => (await upstreamSubscriptions()) >= 2, 'the console subscriptions to reach the subgraphs');
    const { orders } = await graphql<{ orders: { edges: Array<{ node: { id: string; externalId: string } }> } }>(
      'query { orders(first: 1, filter: { marketplace: COUPANG, status: PREPARING }) { edges { node { id externalId } } } }',
    );
    const order = orders.edges[0].node;
    const trackingNumber = freshInvoice();
    await graphql('mutation($id: ID!, $trackingNumber: String!) { dispatchOrder(id: $id, carrier: HANJIN, trackingNumber: $trackingNumber) { id status } }', {
      id: order.id,
      trackingNumber,
    });
    const event = page.locator(`#order-feed li[data-order-id="${order.id}"]`, { hasText: 'DISPATCH' });
    await event.waitFor();
    expect(await event.textContent()).toContain(`PREPARING → SHIPPING`);
    expect(await event.textContent()).toContain(`HANJIN ${trackingNumber}`);
    await screenshot('05-orders-live');
  });

  test('shows a key alert live when the key resolver disables a key, and the rotations', async () => {
    await openPage('keys');
    await page.selectOption('#add-provider', 'SWEETTRACKER');
    await page.fill('#add-key input[name=label]', 'console wrong');
    await page.fill('#add-key textarea[name=credentials]', JSON.stringify({ apiKey: 'wrongSweetTrackerKey9' }));
    await page.click('#add-key button[type=submit]');
    const wrong = page.locator('#keys-table tbody tr', { hasText: 'console wrong' });
    await wrong.waitFor();
    await wrong.getByRole('button', { name: 'Test' }).click();
    await wrong.locator('.test-result.failed').waitFor();
    // With the good Sweet Tracker keys disabled, the next tracking call can only use the wrong one.
    for (const label of ['sandbox sweettracker', 'console spare']) {
      const row = page.locator('#keys-table tbody tr', { hasText: label });
      await row.getByRole('button', { name: 'Disable' }).click();
      await row.locator('.status.DISABLED').waitFor();
    }
    const wrongId = await wrong.getAttribute('data-key-id');
    await fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `{ trackShipment(carrier: CJ, trackingNumber: "${freshInvoice()}") { status } }` }),
    });
    await page.locator('#alert-count', { hasText: '1' }).waitFor();
    await openPage('events');
    await page.locator(`#alerts li.alert-DISABLED[data-key-id="${wrongId}"]`, { hasText: 'SWEETTRACKER' }).waitFor();
    await page.locator('#rotations-table tbody tr').first().waitFor();
    await screenshot('06-rotations-and-alerts');
  });

  test('answers in the assistant chat', async () => {
    await openPage('chat');
    await page.fill('#chat-text', 'Which orders are still waiting to be shipped?');
    await page.click('#chat-form button[type=submit]');
    await page.locator('#chat-messages li.USER', { hasText: 'waiting to be shipped' }).locator('xpath=self::*[not(contains(@class, "pending"))]').waitFor();
    await page.locator('#chat-messages li.ASSISTANT[data-message-id]').first().waitFor();
    await screenshot('07-assistant');
  });

  test('serves GraphiQL from the gateway, with the console token in its headers editor', async () => {
    await page.goto(`${origin}/graphiql`);
    await page.locator('.graphiql-container').waitFor();
    await page.getByRole('button', { name: /execute query/i }).click();
    await page.locator('.result-window', { hasText: 'SWEETTRACKER' }).waitFor();
    await screenshot('08-graphiql');
  });

  test('runs a subscription in GraphiQL over graphql-ws with the token from its headers editor', async () => {
    // The console's tab left: its subscriptions end, so the next upstream one is GraphiQL's.
    await until(async () => (await upstreamSubscriptions()) === 0, 'the console subscriptions to end');
    await page.evaluate(() => (globalThis as any).localStorage.setItem('graphiql:query', 'subscription GraphiQLOrders { orderStatusChanged { cause order { id status } } }'));
    await page.reload();
    await page.locator('.graphiql-container').waitFor();
    await page.getByRole('button', { name: /execute query/i }).click();
    await until(async () => (await upstreamSubscriptions()) >= 1, 'the GraphiQL subscription to reach commerce');
    const { orders } = await graphql<{ orders: { edges: Array<{ node: { id: string } }> } }>(
      'query { orders(first: 1, filter: { marketplace: COUPANG, status: PREPARING }) { edges { node { id } } } }',
    );
    const id = orders.edges[0].node.id;
    await graphql('mutation($id: ID!, $trackingNumber: String!) { dispatchOrder(id: $id, carrier: CJ, trackingNumber: $trackingNumber) { id } }', {
      id,
      trackingNumber: freshInvoice(),
    });
    await page.locator('.result-window', { hasText: id }).waitFor();
    expect(await page.locator('.result-window').textContent()).toContain('DISPATCH');
    await screenshot('09-graphiql-subscription');
  });

  test('loaded nothing from outside the machine and broke no Content-Security-Policy rule', () => {
    expect(outsideRequests).toEqual([]);
    expect(problems).toEqual([]);
  });
});
