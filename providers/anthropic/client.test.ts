import { DEMO_CREDENTIALS } from '../../sandbox/demo';
import { ProviderError } from '../errors';
import { expectDocumentedShape, loadFixtures, type Fixture } from '../test-support/fixtures';
import { itStreamsATurnAsUnstreamed } from '../test-support/llm';
import { startTestSandbox, useTestSandbox, type RunningSandbox } from '../test-support/sandbox';
import { AnthropicProvider } from './client';
import { anthropicRetryAfterMs } from './errors';

const MESSAGES = 'POST /v1/messages';
const apiKey = DEMO_CREDENTIALS.anthropic.apiKey;

/** A fetch that answers every request with the fixture's documented reply. */
const playBack = (fixture: Fixture): typeof fetch => async () =>
  new Response(JSON.stringify(fixture.response.body), {
    status: fixture.response.status,
    headers: { 'content-type': 'application/json', 'request-id': 'req_fixture', ...fixture.response.headers },
  });

describe('AnthropicProvider reads every documented reply', () => {
  // The streams (a text body) have their own test: stream.test.ts.
  const fixtures = loadFixtures('anthropic').filter((f) => typeof f.fixture.response.body !== 'string');

  it('has the documented examples', () => {
    expect(fixtures.map((f) => f.name)).toEqual(expect.arrayContaining(['messages-text', 'messages-tool-use', 'messages-tool-result', 'models-list', 'error-overloaded', 'error-rate-limit']));
  });

  it.each(fixtures.map((f) => [f.name, f.fixture] as const))('%s', async (name, fixture) => {
    const provider = new AnthropicProvider({ baseUrl: 'https://api.anthropic.com', apiKey, fetch: playBack(fixture) });
    const body = fixture.response.body as Record<string, any>;
    if (name.startsWith('models')) {
      expect(await provider.listModels()).toEqual(body.data.map((m: { id: string }) => m.id));
      return;
    }
    const reply = provider.createMessage({ messages: [{ role: 'user', content: 'hi' }] });
    if (fixture.response.status !== 200) {
      const error = await reply.catch((e) => e);
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({ provider: 'anthropic', status: fixture.response.status, providerCode: body.error.type });
      expect(error.kind).toBe({ 529: 'server', 429: 'rate_limited', 401: 'auth' }[fixture.response.status]);
      if (fixture.response.status === 429) expect(error.retryAfterMs).toBe(1000);
      return;
    }
    const message = await reply;
    expect(message).toMatchObject({ id: body.id, model: body.model, stopReason: body.stop_reason, usage: { promptTokens: body.usage.input_tokens, completionTokens: body.usage.output_tokens } });
    expect(message.content).toEqual(body.content);
  });
});

describe('the sandbox answers the documented requests with the documented shapes', () => {
  const sandbox = useTestSandbox();

  it.each(loadFixtures('anthropic').filter((f) => f.fixture.request && typeof f.fixture.response.body !== 'string').map((f) => [f.name, f.fixture] as const))('%s', async (_name, fixture) => {
    const request = fixture.request!;
    const response = await fetch(`${sandbox.url}/anthropic${request.path}`, {
      method: request.method,
      headers: { 'x-api-key': apiKey, 'anthropic-version': '2023-06-01', 'content-type': 'application/json', ...request.headers },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
    });
    expect(response.status).toBe(fixture.response.status);
    expect(response.headers.get('request-id')).toMatch(/^req_/);
    expectDocumentedShape(await response.json(), fixture.response.body);
  });

  it('answers the faults with the documented error shapes and headers', async () => {
    for (const [kind, name] of [['server_error', 'error-overloaded'], ['rate_limit', 'error-rate-limit']] as const) {
      await sandbox.control('faults', { provider: 'anthropic', kind, count: 1 });
      const response = await fetch(`${sandbox.url}/anthropic/v1/messages`, {
        method: 'POST',
        headers: { 'x-api-key': apiKey, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'claude-sonnet-4-20250514', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }),
      });
      const documented = loadFixtures('anthropic').find((f) => f.name === name)!.fixture;
      expect(response.status).toBe(documented.response.status);
      expectDocumentedShape(await response.json(), documented.response.body);
      if (kind === 'rate_limit') {
        expect(response.headers.get('retry-after')).toBe('1');
        expect(response.headers.get('anthropic-ratelimit-requests-remaining')).toBe('0');
        expect(Date.parse(response.headers.get('anthropic-ratelimit-requests-reset')!)).toBeGreaterThan(0);
      }
    }
  });

  it('requires x-api-key and anthropic-version, and validates the body', async () => {
    const send = (headers: Record<string, string>, body: unknown) =>
      fetch(`${sandbox.url}/anthropic/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const ok = { model: 'claude-sonnet-4-20250514', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] };
    const noKey = await send({ 'anthropic-version': '2023-06-01' }, ok);
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    const noVersion = await send({ 'x-api-key': apiKey }, ok);
    expect(noVersion.status).toBe(400);
    expect(await noVersion.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('anthropic-version') } });
    const noMaxTokens = await send({ 'x-api-key': apiKey, 'anthropic-version': '2023-06-01' }, { ...ok, max_tokens: undefined });
    expect(noMaxTokens.status).toBe(400);
    const unanswered = await send({ 'x-api-key': apiKey, 'anthropic-version': '2023-06-01' }, {
      ...ok,
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'x', input: {} }] },
        { role: 'user', content: 'and?' },
      ],
    });
    expect(unanswered.status).toBe(400);
    expect(((await unanswered.json()) as { error: { message: string } }).error.message).toContain('tool_result');
  });
});

describe('AnthropicProvider against the sandbox', () => {
  let sandbox: RunningSandbox;
  let provider: AnthropicProvider;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    provider = new AnthropicProvider({ baseUrl: `${sandbox.url}/anthropic`, apiKey, model: 'claude-sonnet-4-20250514' });
  });
  afterAll(async () => {
    await sandbox.close();
  });
  afterEach(async () => {
    await sandbox.control('reset', {});
  });

  itStreamsATurnAsUnstreamed(() => provider);

  it('chats with a system prompt, and says which model answered with its usage', async () => {
    const reply = await provider.chat([
      { role: 'system', content: 'You answer customers of a Korean online shop.' },
      { role: 'user', content: '환불은 언제 되나요?' },
    ]);
    expect(reply.text).toContain('환불');
    expect(reply.model).toBe('claude-sonnet-4-20250514');
    expect(reply.truncated).toBe(false);
    expect(reply.usage.promptTokens).toBeGreaterThan(0);
    expect(reply.usage.completionTokens).toBeGreaterThan(0);
    expect((await sandbox.calls('anthropic')).byEndpoint[MESSAGES]).toBe(1);
  });

  it('keeps a reply cut at maxTokens and says it was cut', async () => {
    const reply = await provider.chat([{ role: 'user', content: '배송은 언제 오나요?' }], { maxTokens: 5 });
    expect(reply.truncated).toBe(true);
  });

  it('summarises a batch of orders in one call through a forced tool', async () => {
    const orders = [
      { orderId: '20260115-0000001', description: '배송이 빨라서 좋아요.' },
      { orderId: '20260115-0000002', description: '상품이 파손되어 도착했습니다.' },
    ];
    const { insights, usage, model } = await provider.orderInsights(orders);
    expect([...insights.keys()].sort()).toEqual(orders.map((o) => o.orderId));
    for (const insight of insights.values()) expect(['POSITIVE', 'NEUTRAL', 'NEGATIVE']).toContain(insight.sentiment);
    expect(usage.promptTokens).toBeGreaterThan(0);
    expect(model).toBe('claude-sonnet-4-20250514');
    expect((await sandbox.calls('anthropic')).byEndpoint[MESSAGES]).toBe(1);
  });

  it('calls a tool for an order number, and answers from the tool result', async () => {
    const tools = [{ name: 'find_order', description: 'Finds an order by its marketplace order number', input_schema: { type: 'object' as const, properties: { orderNumber: { type: 'string' } }, required: ['orderNumber'] } }];
    const question = { role: 'user' as const, content: '주문 2026011512345 배송 어디쯤인가요?' };
    const first = await provider.createMessage({ messages: [question], tools });
    expect(first.stopReason).toBe('tool_use');
    const call = first.content.find((b) => b.type === 'tool_use');
    expect(call).toMatchObject({ type: 'tool_use', name: 'find_order', input: { orderNumber: '2026011512345' }, id: expect.stringMatching(/^toolu_/) });
    const second = await provider.createMessage({
      tools,
      messages: [
        question,
        { role: 'assistant', content: first.content.map((b) => (b.type === 'text' ? b : { type: 'tool_use' as const, id: b.id, name: b.name, input: b.input })) },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: (call as { id: string }).id, content: '배송중 CJ대한통운 123456789012' }] },
      ],
    });
    expect(second.stopReason).toBe('end_turn');
    expect(second.content as unknown).toEqual([{ type: 'text', text: expect.stringContaining('123456789012') }]);
  });

  it('maps a wrong key to auth without quoting it', async () => {
    const wrongKey = 'sk-ant-api03-not-registered-anywhere-1234';
    const error = await new AnthropicProvider({ baseUrl: `${sandbox.url}/anthropic`, apiKey: wrongKey }).chat([{ role: 'user', content: 'hi' }]).catch((e) => e);
    expect(error).toMatchObject({ provider: 'anthropic', kind: 'auth', status: 401, providerCode: 'authentication_error' });
    expect(error.message).not.toContain(wrongKey);
  });

  it('maps 529 overloaded to a server error and 429 to rate_limited with its wait', async () => {
    await sandbox.control('faults', { provider: 'anthropic', kind: 'server_error', count: 1 });
    await expect(provider.chat([{ role: 'user', content: 'hi' }])).rejects.toMatchObject({ kind: 'server', status: 529, providerCode: 'overloaded_error' });
    await sandbox.control('faults', { provider: 'anthropic', kind: 'rate_limit', count: 1 });
    await expect(provider.chat([{ role: 'user', content: 'hi' }])).rejects.toMatchObject({ kind: 'rate_limited', status: 429, providerCode: 'rate_limit_error', retryAfterMs: 1000 });
  });

  it('probes with the models list', async () => {
    expect(await provider.listModels()).toContain('claude-sonnet-4-20250514');
  });
});

describe('a spent monthly spend limit', () => {
  it('is rate_limited without a retry hint, and says which limit', async () => {
    const spent: Fixture = {
      source: 'https://docs.claude.com/en/api/rate-limits',
      response: { status: 429, body: { type: 'error', error: { type: 'rate_limit_error', message: 'You have reached your specified API usage limits.', details: { error_code: 'enforced_spend_limit_reached' } }, request_id: 'req_1' } },
    };
    const provider = new AnthropicProvider({ baseUrl: 'https://api.anthropic.com', apiKey, fetch: playBack(spent) });
    const error = await provider.chat([{ role: 'user', content: 'hi' }]).catch((e) => e);
    expect(error).toMatchObject({ kind: 'rate_limited', providerCode: 'enforced_spend_limit_reached' });
    expect(error.retryAfterMs).toBeUndefined();
  });
});

describe('anthropicRetryAfterMs', () => {
  it('prefers retry-after, then the latest reset of a spent window', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(anthropicRetryAfterMs(new Headers({ 'retry-after': '3' }), now)).toBe(3000);
    expect(anthropicRetryAfterMs(new Headers({
      'anthropic-ratelimit-requests-remaining': '0', 'anthropic-ratelimit-requests-reset': '2026-01-01T00:00:02Z',
      'anthropic-ratelimit-tokens-remaining': '5', 'anthropic-ratelimit-tokens-reset': '2026-01-01T00:00:30Z',
    }), now)).toBe(2000);
    expect(anthropicRetryAfterMs(new Headers(), now)).toBeUndefined();
  });
});
