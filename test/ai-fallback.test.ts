// Two LLM providers, one budget (issue 15), through the gateway: every AI call (chat replies, order insights) goes to
// the tenant's preferred provider and falls back to the other when it fails (OpenAI 5xx, Anthropic 529), is rate
// limited on every key, or has its monthly budget spent; usage is counted per provider and model; ChatMessage.model
// says who wrote a reply; insights are cached per order version. Faults come from the sandbox's control endpoints.
import { seedDemoKeys } from '../scripts/seed';
import { DEMO_CREDENTIALS } from '../sandbox/demo';
import { until } from './helpers/subscriptions';
import { operation, startTestStack, type TestStack } from './helpers/stack';

const OPENAI_CHAT = 'POST /v1/chat/completions';
const ANTHROPIC_MESSAGES = 'POST /v1/messages';
// Claude priced high in this stack, so that one reply spends a visible part of a small budget.
const CLAUDE_PRICE = { input: 1, output: 1 };

const SEND = `
  mutation Send($text: String!) {
    sendChatMessage(text: $text) { conversation { id } message { id role text model } }
  }`;
const CONVERSATION = `query Conversation($id: ID!) { conversation(id: $id) { messages { role text model } } }`;
const SETTINGS = `query { aiSettings { preferredProvider openaiModel anthropicModel openaiMonthlyBudgetUsd anthropicMonthlyBudgetUsd } }`;
const SET_SETTINGS = `
  mutation Set($input: AiSettingsInput!) {
    setAiSettings(input: $input) { preferredProvider openaiModel anthropicModel openaiMonthlyBudgetUsd anthropicMonthlyBudgetUsd }
  }`;
const USAGE = `query Usage($from: DateTime!, $to: DateTime!) { llmUsage(from: $from, to: $to) { provider model calls inputTokens outputTokens costUsd } }`;
const INSIGHTS = `
  query Page($first: Int!) { orders(first: $first) { edges { node { id insight { summary sentiment } } } } }`;

let stack: TestStack;
let tenantSeq = 0;

/** A tenant of its own per test (settings, budgets and key health do not leak), with both LLM keys. */
async function tenantWithBothKeys(): Promise<{ tenant: string; admin: string }> {
  const tenant = `ai-fallback-${++tenantSeq}`;
  await stack.keyring.addKey({ tenantId: tenant, provider: 'OPENAI', label: 'sandbox openai', credentials: DEMO_CREDENTIALS.openai });
  await stack.keyring.addKey({ tenantId: tenant, provider: 'ANTHROPIC', label: 'sandbox anthropic', credentials: DEMO_CREDENTIALS.anthropic });
  return { tenant, admin: await stack.token(tenant, ['admin']) };
}

async function setSettings(admin: string, input: Record<string, unknown>) {
  const result = await stack.request(SET_SETTINGS, { input }, admin);
  expect(result.errors).toBeUndefined();
  return result.data!.setAiSettings;
}

async function ask(admin: string, text = '배송은 언제 오나요?') {
  const result = await stack.request(SEND, { text }, admin);
  expect(result.errors).toBeUndefined();
  return result.data!.sendChatMessage as { conversation: { id: string }; message: { id: string; role: string; text: string; model: string } };
}

async function calls() {
  const all = await stack.sandboxCalls();
  return { openai: all.openai?.byEndpoint[OPENAI_CHAT] ?? 0, anthropic: all.anthropic?.byEndpoint[ANTHROPIC_MESSAGES] ?? 0 };
}

beforeAll(async () => {
  stack = await startTestStack({ env: { LLM_PRICES: JSON.stringify({ 'claude-3-5-haiku-latest': CLAUDE_PRICE }) } });
});

afterEach(async () => {
  await stack.sandboxControl('reset');
});

afterAll(async () => {
  await stack?.close();
});

describe('settings', () => {
  test('default to OpenAI first with a model of each provider; an admin changes them', async () => {
    const { admin } = await tenantWithBothKeys();
    const initial = await stack.request(SETTINGS, {}, admin);
    expect(initial.data!.aiSettings).toEqual({
      preferredProvider: 'OPENAI', openaiModel: 'gpt-4o-mini', anthropicModel: 'claude-3-5-haiku-latest',
      openaiMonthlyBudgetUsd: null, anthropicMonthlyBudgetUsd: null,
    });
    expect(await setSettings(admin, { preferredProvider: 'ANTHROPIC', anthropicModel: 'claude-sonnet-4-20250514', openaiMonthlyBudgetUsd: 5 })).toEqual({
      preferredProvider: 'ANTHROPIC', openaiModel: 'gpt-4o-mini', anthropicModel: 'claude-sonnet-4-20250514',
      openaiMonthlyBudgetUsd: 5, anthropicMonthlyBudgetUsd: null,
    });
    expect((await stack.request(SETTINGS, {}, admin)).data!.aiSettings.preferredProvider).toBe('ANTHROPIC');
  });

  test('refuse a provider that is not an LLM, a model of the other provider and a negative budget, naming the field', async () => {
    const { admin } = await tenantWithBothKeys();
    for (const [input, field] of [
      [{ preferredProvider: 'TOSS' }, 'input.preferredProvider'],
      [{ openaiModel: 'claude-3-5-haiku-latest' }, 'input.openaiModel'],
      [{ anthropicModel: 'gpt-4o' }, 'input.anthropicModel'],
      [{ anthropicMonthlyBudgetUsd: -1 }, 'input.anthropicMonthlyBudgetUsd'],
    ] as const) {
      const result = await stack.request(SET_SETTINGS, { input }, admin);
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect((await stack.request(SETTINGS, {}, admin)).data!.aiSettings.preferredProvider).toBe('OPENAI');
  });

  test('are for admins only', async () => {
    const { tenant } = await tenantWithBothKeys();
    const operator = await stack.token(tenant, ['operator']);
    expect((await stack.request(SETTINGS, {}, operator)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await stack.request(SET_SETTINGS, { input: { preferredProvider: 'ANTHROPIC' } }, operator)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('chat replies', () => {
  test('say which model wrote them, and the stored conversation says it too', async () => {
    const { admin } = await tenantWithBothKeys();
    const { conversation, message } = await ask(admin);
    expect(message).toMatchObject({ role: 'ASSISTANT', model: 'gpt-4o-mini' });
    const stored = await stack.request(CONVERSATION, { id: conversation.id }, admin);
    expect(stored.data!.conversation.messages.map((m: { role: string; model: string | null }) => [m.role, m.model])).toEqual([
      ['USER', null], ['ASSISTANT', 'gpt-4o-mini'],
    ]);
    expect(await calls()).toEqual({ openai: 1, anthropic: 0 });
  });

  test('go to Anthropic when OpenAI answers 5xx', async () => {
    const { admin } = await tenantWithBothKeys();
    await stack.sandboxControl('faults', { provider: 'openai', kind: 'server_error', count: 1 });
    const { message } = await ask(admin, '환불은 언제 되나요?');
    expect(message.model).toBe('claude-3-5-haiku-latest');
    expect(message.text).toContain('환불');
    expect(await calls()).toEqual({ openai: 1, anthropic: 1 });
  });

  test('go to OpenAI when the preferred Anthropic answers 529 overloaded', async () => {
    const { admin } = await tenantWithBothKeys();
    await setSettings(admin, { preferredProvider: 'ANTHROPIC' });
    expect((await ask(admin)).message.model).toBe('claude-3-5-haiku-latest');
    await stack.sandboxControl('reset');
    await stack.sandboxControl('faults', { provider: 'anthropic', kind: 'server_error', count: 1 });
    expect((await ask(admin)).message.model).toBe('gpt-4o-mini');
    expect(await calls()).toEqual({ openai: 1, anthropic: 1 });
  });

  test('go to the other provider when the preferred one is rate limited on every key', async () => {
    const { admin } = await tenantWithBothKeys();
    await stack.sandboxControl('faults', { provider: 'openai', kind: 'rate_limit', rate: 1 });
    expect((await ask(admin)).message.model).toBe('claude-3-5-haiku-latest');
  });

  test("go to OpenAI when the tenant's Anthropic budget is spent, and back when it is raised", async () => {
    const { admin } = await tenantWithBothKeys();
    await setSettings(admin, { preferredProvider: 'ANTHROPIC', anthropicMonthlyBudgetUsd: 0 });
    expect((await ask(admin)).message.model).toBe('gpt-4o-mini');
    expect(await calls()).toEqual({ openai: 1, anthropic: 0 });
    await setSettings(admin, { anthropicMonthlyBudgetUsd: null });
    expect((await ask(admin)).message.model).toBe('claude-3-5-haiku-latest');
  });

  test('go to OpenAI once the Anthropic cap is spent by the replies themselves', async () => {
    const { admin } = await tenantWithBothKeys();
    // One Claude reply costs more than this cap (CLAUDE_PRICE): spend is counted per provider as replies come in.
    await setSettings(admin, { preferredProvider: 'ANTHROPIC', anthropicMonthlyBudgetUsd: 0.05 });
    expect((await ask(admin)).message.model).toBe('claude-3-5-haiku-latest');
    let last = '';
    await until(async () => (last = (await ask(admin)).message.model) === 'gpt-4o-mini', `the spent Anthropic budget should move replies to OpenAI (last ${last})`, 10_000);
  });

  test('go to Anthropic when the OpenAI cap is spent; with the whole AI budget spent neither is asked', async () => {
    const { tenant, admin } = await tenantWithBothKeys();
    await setSettings(admin, { openaiMonthlyBudgetUsd: 0 });
    expect((await ask(admin)).message.model).toBe('claude-3-5-haiku-latest');
    expect(await calls()).toEqual({ openai: 0, anthropic: 1 });
    await stack.sandboxControl('reset');
    await stack.keyring.setAiBudget(tenant, 0);
    const result = await stack.request(SEND, { text: '안녕하세요' }, admin);
    expect(result.errors?.[0]).toMatchObject({ path: ['sendChatMessage', 'message'], extensions: { code: 'QUOTA_EXHAUSTED' } });
    expect(await calls()).toEqual({ openai: 0, anthropic: 0 });
  });

  test('fail with the preferred provider’s error when both fail, and the operator’s message stays stored', async () => {
    const { admin } = await tenantWithBothKeys();
    await stack.sandboxControl('faults', { provider: 'openai', kind: 'server_error', count: 1 });
    await stack.sandboxControl('faults', { provider: 'anthropic', kind: 'server_error', count: 1 });
    const result = await stack.request(SEND, { text: '안녕하세요' }, admin);
    expect(result.errors?.[0]).toMatchObject({ path: ['sendChatMessage', 'message'], extensions: { code: 'PROVIDER_UNAVAILABLE' } });
    const id = result.data!.sendChatMessage.conversation.id;
    expect((await stack.request(CONVERSATION, { id }, admin)).data!.conversation.messages).toEqual([{ role: 'USER', text: '안녕하세요', model: null }]);
  });

  test('without an Anthropic key, an OpenAI failure is still the OpenAI error', async () => {
    const tenant = `ai-fallback-${++tenantSeq}`;
    await stack.keyring.addKey({ tenantId: tenant, provider: 'OPENAI', label: 'sandbox openai', credentials: DEMO_CREDENTIALS.openai });
    const admin = await stack.token(tenant, ['admin']);
    await stack.sandboxControl('faults', { provider: 'openai', kind: 'server_error', count: 1 });
    const result = await stack.request(SEND, { text: '안녕하세요' }, admin);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', provider: 'OPENAI' });
  });
});

describe('usage', () => {
  test('is counted per provider and the model that answered, in tokens and spend', async () => {
    const { admin } = await tenantWithBothKeys();
    await ask(admin);
    await ask(admin);
    await stack.sandboxControl('faults', { provider: 'openai', kind: 'server_error', count: 1 });
    await ask(admin);
    const window = { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() };
    let rows: Array<Record<string, any>> = [];
    await until(async () => {
      rows = (await stack.request(USAGE, window, admin)).data!.llmUsage;
      return rows.reduce((n, row) => n + row.calls, 0) >= 3;
    }, 'three answered LLM calls in the usage log', 10_000);
    expect(rows).toEqual([
      { provider: 'ANTHROPIC', model: 'claude-3-5-haiku-latest', calls: 1, inputTokens: expect.any(Number), outputTokens: expect.any(Number), costUsd: expect.any(Number) },
      { provider: 'OPENAI', model: 'gpt-4o-mini', calls: 2, inputTokens: expect.any(Number), outputTokens: expect.any(Number), costUsd: expect.any(Number) },
    ]);
    for (const row of rows) {
      expect(row.inputTokens).toBeGreaterThan(0);
      expect(row.outputTokens).toBeGreaterThan(0);
      expect(row.costUsd).toBeGreaterThan(0);
    }
    // The same prices as the budget: Claude's (overridden here) per 1K tokens.
    const claude = rows[0];
    expect(claude.costUsd).toBeCloseTo(((claude.inputTokens + claude.outputTokens) / 1000) * CLAUDE_PRICE.input, 4);
  });
});

describe('Order.insight', () => {
  test('is computed once per order version: a page of 50 cached insights makes no LLM call', async () => {
    const tenant = `ai-insights-${++tenantSeq}`;
    await seedDemoKeys(stack, tenant);
    await stack.keyring.addKey({ tenantId: tenant, provider: 'ANTHROPIC', label: 'sandbox anthropic', credentials: DEMO_CREDENTIALS.anthropic });
    const admin = await stack.token(tenant, ['admin']);
    // The mall's seeded orders and 20 more: a full page of 50.
    await stack.sandboxControl('orders', { marketplace: 'CAFE24', count: 20 });
    expect((await stack.request(operation('SyncOrders'), { marketplace: 'CAFE24' }, admin)).errors).toBeUndefined();
    await stack.sandboxControl('reset');

    const first = await stack.request(INSIGHTS, { first: 50 }, admin);
    expect(first.errors).toBeUndefined();
    const nodes = first.data!.orders.edges.map((e: { node: unknown }) => e.node) as Array<{ id: string; insight: unknown }>;
    expect(nodes.length).toBe(50);
    expect(nodes.every((n) => n.insight !== null)).toBe(true);
    expect(await calls()).toEqual({ openai: Math.ceil(50 / 20), anthropic: 0 });

    await stack.sandboxControl('reset');
    const again = await stack.request(INSIGHTS, { first: 50 }, admin);
    expect(again.errors).toBeUndefined();
    expect(again.data).toEqual(first.data);
    expect(await calls()).toEqual({ openai: 0, anthropic: 0 });

    // Orders that change are a new version: only they are asked again, in one call. (Changed in the database, as a
    // sync bringing a new status or buyer name would: the ai subgraph sees the order's fields, not how they came.)
    const changed = nodes.slice(0, 3).map((n) => n.id);
    await stack.keyring.db.query(`UPDATE orders SET buyer_name = buyer_name || ' (변경)' WHERE tenant_id = $1 AND id = ANY($2::uuid[])`, [tenant, changed]);
    await stack.sandboxControl('reset');
    expect((await stack.request(INSIGHTS, { first: 50 }, admin)).errors).toBeUndefined();
    expect(await calls()).toEqual({ openai: 1, anthropic: 0 });
  });

  test('falls back to Anthropic for the orders not cached yet, and caches those too', async () => {
    const tenant = `ai-insights-${++tenantSeq}`;
    await seedDemoKeys(stack, tenant);
    await stack.keyring.addKey({ tenantId: tenant, provider: 'ANTHROPIC', label: 'sandbox anthropic', credentials: DEMO_CREDENTIALS.anthropic });
    const admin = await stack.token(tenant, ['admin']);
    expect((await stack.request(operation('SyncOrders'), { marketplace: 'CAFE24' }, admin)).errors).toBeUndefined();
    await stack.sandboxControl('reset');
    await stack.sandboxControl('faults', { provider: 'openai', kind: 'server_error', rate: 1 });

    const first = await stack.request(INSIGHTS, { first: 10 }, admin);
    expect(first.errors).toBeUndefined();
    expect(first.data!.orders.edges.every((e: { node: { insight: unknown } }) => e.node.insight !== null)).toBe(true);
    expect((await calls()).anthropic).toBe(1);

    await stack.sandboxControl('reset');
    expect((await stack.request(INSIGHTS, { first: 10 }, admin)).data).toEqual(first.data);
    expect(await calls()).toEqual({ openai: 0, anthropic: 0 });
  });
});
