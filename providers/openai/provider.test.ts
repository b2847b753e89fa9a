import { DEMO_CREDENTIALS } from '../../sandbox/demo';
import { ProviderError } from '../errors';
import { itStreamsATurnAsUnstreamed } from '../test-support/llm';
import { startTestSandbox, type RunningSandbox } from '../test-support/sandbox';
import { OpenAIProvider } from './provider';

const CHAT_ENDPOINT = 'POST /v1/chat/completions';

describe('OpenAIProvider against the sandbox', () => {
  let sandbox: RunningSandbox;
  let provider: OpenAIProvider;
  const apiKey = DEMO_CREDENTIALS.openai.apiKey;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    provider = new OpenAIProvider({ baseUrl: `${sandbox.url}/openai/v1`, apiKey });
  });
  afterAll(async () => {
    await sandbox.close();
  });
  afterEach(async () => {
    await sandbox.control('reset', {});
  });

  itStreamsATurnAsUnstreamed(() => provider);

  it('answers insights for three orders with one chat completion', async () => {
    const orders = [
      { orderId: '20260115-0000001', description: '배송이 빨라서 좋아요. 재구매 의사 있습니다.' },
      { orderId: '20260115-0000002', description: '상품이 파손되어 도착했습니다. 환불 요청합니다.' },
      { orderId: '20260115-0000003', description: '보통입니다.' },
    ];
    const { insights, usage } = await provider.orderInsights(orders);
    expect([...insights.keys()].sort()).toEqual(orders.map((o) => o.orderId).sort());
    for (const insight of insights.values()) {
      expect(insight.summary).toEqual(expect.any(String));
      expect(['POSITIVE', 'NEUTRAL', 'NEGATIVE']).toContain(insight.sentiment);
    }
    expect(usage.promptTokens).toBeGreaterThan(0);
    expect((await sandbox.calls('openai')).byEndpoint[CHAT_ENDPOINT]).toBe(1);
  });

  it('embeds texts in input order', async () => {
    const { vectors, usage } = await provider.embed(['빠른 배송', '파손 환불', '빠른 배송']);
    expect(vectors).toHaveLength(3);
    expect(vectors[0].length).toBeGreaterThan(0);
    expect(vectors[0]).toEqual(vectors[2]);
    expect(usage.promptTokens).toBeGreaterThan(0);
  });

  it('chats', async () => {
    const { text } = await provider.chat([{ role: 'user', content: '안녕하세요' }]);
    expect(text.length).toBeGreaterThan(0);
  });

  it('answers the last turn of a conversation with its usage and the model that answered', async () => {
    const conversation = [
      { role: 'system' as const, content: 'You answer customers of a Korean online shop.' },
      { role: 'user' as const, content: '안녕하세요' },
      { role: 'assistant' as const, content: '안녕하세요, 고객님!' },
      { role: 'user' as const, content: '환불은 언제 되나요?' },
    ];
    const reply = await provider.chat(conversation);
    expect(reply.text).toContain('환불');
    expect(reply.model).toMatch(/^gpt-4o-mini/);
    expect(reply.truncated).toBe(false);
    expect(reply.usage.promptTokens).toBeGreaterThan(0);
    expect(reply.usage.completionTokens).toBeGreaterThan(0);
    expect((await provider.chat(conversation)).text).toBe(reply.text);
    expect((await sandbox.calls('openai')).byEndpoint[CHAT_ENDPOINT]).toBe(2);
  });

  it('keeps a reply cut at maxTokens and says it was cut', async () => {
    const reply = await provider.chat([{ role: 'user', content: '배송은 언제 오나요?' }], { maxTokens: 5 });
    expect(reply.truncated).toBe(true);
    expect(reply.text.length).toBeGreaterThan(0);
  });

  it('maps an invalid key to an auth error without quoting the key', async () => {
    const wrongKey = 'sk-not-registered-anywhere-1234567890';
    const wrong = new OpenAIProvider({ baseUrl: `${sandbox.url}/openai/v1`, apiKey: wrongKey });
    const error = await wrong.chat([{ role: 'user', content: 'hi' }]).catch((e) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'openai', kind: 'auth', status: 401 });
    expect(error.message).not.toContain(wrongKey);
    expect(error.message).not.toContain(wrongKey.slice(-4));
  });

  it('maps the rate-limit fault to rate_limited with a retry hint', async () => {
    await sandbox.control('faults', { provider: 'openai', kind: 'rate_limit', count: 1 });
    const error = await provider.embed(['x']).catch((e) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'openai', kind: 'rate_limited', status: 429, providerCode: 'rate_limit_exceeded' });
    expect(error.retryAfterMs).toBeGreaterThan(0);
  });

  it('gives up after its timeout when OpenAI does not answer', async () => {
    await sandbox.control('faults', { provider: 'openai', kind: 'timeout', count: 1 });
    const impatient = new OpenAIProvider({ baseUrl: `${sandbox.url}/openai/v1`, apiKey, timeoutMs: 200 });
    await expect(impatient.embed(['x'])).rejects.toMatchObject({ provider: 'openai', kind: 'timeout' });
  });

  it('maps a server fault to a server error', async () => {
    await sandbox.control('faults', { provider: 'openai', kind: 'server_error', count: 1 });
    await expect(provider.embed(['x'])).rejects.toMatchObject({ kind: 'server' });
  });
});
