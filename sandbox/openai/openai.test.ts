import OpenAI from 'openai';
import { DEMO_CREDENTIALS } from '../demo';
import { startSandbox, type Sandbox } from '../server';
import { control, fixedClock } from '../testing';

let sandbox: Sandbox;
let client: OpenAI;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, now: fixedClock });
  client = new OpenAI({ apiKey: DEMO_CREDENTIALS.openai.apiKey, baseURL: `${sandbox.url}/openai/v1`, maxRetries: 0 });
});
afterAll(() => sandbox.close());
afterEach(() => control(sandbox, 'reset', {}));

const insightSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['insights', 'summary'],
  properties: {
    summary: { type: 'string', maxLength: 60 },
    insights: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['orderId', 'risk', 'score', 'flags', 'note'],
        properties: {
          orderId: { type: 'string' },
          risk: { type: 'string', enum: ['LOW', 'MEDIUM', 'HIGH'] },
          score: { type: 'number', minimum: 0, maximum: 1 },
          flags: { type: 'array', items: { type: 'boolean' }, minItems: 1, maxItems: 2 },
          note: { anyOf: [{ type: 'string' }, { type: 'null' }] },
        },
      },
    },
  },
};

function ask(content: string) {
  return client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: 'You assess orders.' },
      { role: 'user', content },
    ],
    response_format: { type: 'json_schema', json_schema: { name: 'insights', strict: true, schema: insightSchema } },
  });
}

it('answers a json_schema chat completion with a conforming document, one element per orderId', async () => {
  const prompt = `Assess these orders: ${JSON.stringify([{ orderId: '20260115-0000001', amount: 30000 }, { orderId: '20260115-0000002', amount: 12000 }])}`;
  const completion = await ask(prompt);
  expect(completion).toMatchObject({ object: 'chat.completion', model: 'gpt-4o-mini' });
  expect(completion.choices[0]).toMatchObject({ index: 0, finish_reason: 'stop', message: { role: 'assistant', refusal: null } });
  const doc = JSON.parse(completion.choices[0].message.content!);
  expect(Object.keys(doc).sort()).toEqual(['insights', 'summary']);
  expect(doc.summary.length).toBeLessThanOrEqual(60);
  expect(doc.insights.map((i: any) => i.orderId)).toEqual(['20260115-0000001', '20260115-0000002']);
  for (const insight of doc.insights) {
    expect(['LOW', 'MEDIUM', 'HIGH']).toContain(insight.risk);
    expect(insight.score).toBeGreaterThanOrEqual(0);
    expect(insight.score).toBeLessThanOrEqual(1);
    expect(insight.flags.length).toBeGreaterThanOrEqual(1);
    expect(insight.flags.length).toBeLessThanOrEqual(2);
    expect(typeof insight.note).toBe('string');
  }
  expect(completion.usage).toMatchObject({
    prompt_tokens: Math.ceil(('You assess orders.\n' + prompt).length / 4),
    completion_tokens: Math.ceil(completion.choices[0].message.content!.length / 4),
    total_tokens: expect.any(Number),
  });
  const again = await ask(prompt);
  expect(again.choices[0].message.content).toBe(completion.choices[0].message.content);
});

it('sends the x-ratelimit headers on every response', async () => {
  const { response } = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }] }).withResponse();
  expect(response.headers.get('x-ratelimit-limit-requests')).toBe('5000');
  expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('4999');
  expect(response.headers.get('x-ratelimit-reset-requests')).toMatch(/^\d+(\.\d+)?(ms|s)$|m/);
  expect(response.headers.get('x-request-id')).toMatch(/^req_/);
});

it('replies with deterministic text without a response_format', async () => {
  const a = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: '배송 지연 고객에게 보낼 문구' }] });
  const b = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: '배송 지연 고객에게 보낼 문구' }] });
  expect(a.choices[0].message.content).toContain('배송 지연');
  expect(b.choices[0].message.content).toBe(a.choices[0].message.content);
});

it('answers a customer-service conversation by the topic of its last turn, in its language', async () => {
  const reply = async (messages: Array<{ role: 'system' | 'user' | 'assistant'; content: string }>) =>
    (await client.chat.completions.create({ model: 'gpt-4o-mini', messages })).choices[0].message.content!;
  const system = { role: 'system' as const, content: "You are a Korean online seller's customer-service assistant." };
  const refund = await reply([system, { role: 'user', content: '환불은 언제 되나요?' }]);
  expect(refund).toMatch(/^고객님, 문의하신 "환불은 언제 되나요\?" 관련하여/);
  expect(refund).toMatch(/환불/);
  const followUp = await reply([
    system, { role: 'user', content: '환불은 언제 되나요?' }, { role: 'assistant', content: refund }, { role: 'user', content: '교환도 되나요?' },
  ]);
  expect(followUp).toContain('추가로 문의하신 "교환도 되나요?"');
  expect(followUp).toMatch(/교환/);
  expect(await reply([system, { role: 'user', content: 'Where is my delivery?' }])).toMatch(/^Thanks for reaching out about "Where is my delivery\?"\. .*(carrier|tracking)/);
});

it('streams the same answer as server-sent chunks', async () => {
  const stream = await client.chat.completions.create({
    model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'stream me' }], stream: true, stream_options: { include_usage: true },
  });
  let text = '';
  let usage: unknown;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta?.content ?? '';
    if (chunk.usage) usage = chunk.usage;
  }
  const plain = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'stream me' }] });
  expect(text).toBe(plain.choices[0].message.content);
  // The same counts; the stream's usage chunk carries only the totals, as the documented stream does.
  const { prompt_tokens, completion_tokens, total_tokens } = plain.usage!;
  expect(usage).toEqual({ prompt_tokens, completion_tokens, total_tokens });
});

it('embeds deterministically, honours dimensions, and puts texts sharing words closer', async () => {
  const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
  const res = await client.embeddings.create({
    model: 'text-embedding-3-small',
    input: ['배송 지연 환불 요청', '배송 지연 문의', '세금계산서 발행'],
  });
  expect(res.data).toHaveLength(3);
  const [a, b, c] = res.data.map((d) => d.embedding);
  expect(a).toHaveLength(1536);
  expect(cosine(a, a)).toBeCloseTo(1, 5);
  expect(cosine(a, b)).toBeGreaterThan(cosine(a, c));
  expect(res.usage.prompt_tokens).toBeGreaterThan(0);

  const again = await client.embeddings.create({ model: 'text-embedding-3-small', input: '배송 지연 환불 요청', encoding_format: 'float' });
  expect(again.data[0].embedding.map((x) => Math.fround(x))).toEqual(a);
  const small = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'hello', dimensions: 256 });
  expect(small.data[0].embedding).toHaveLength(256);
});

it('embeds meaning: shared syllables (particles aside) and shared concepts bring texts closer, deterministically', async () => {
  const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
  const res = await client.embeddings.create({
    model: 'text-embedding-3-small',
    input: ['배송은 며칠 걸리나요', '배송이 며칠 걸려요', '컵이 깨져서 왔어요', '파손된 상품은 새 상품으로 보내 드립니다', '적립금은 1년 뒤 소멸됩니다'],
    dimensions: 512,
  });
  const [q1, q2, broken, damaged, points] = res.data.map((d) => d.embedding);
  expect(q1).toHaveLength(512);
  // 배송은 / 배송이: different words, the same syllable bigram 배송.
  expect(cosine(q1, q2)).toBeGreaterThan(0.5);
  // No shared word, a shared concept (a damaged item): closer than an unrelated policy.
  expect(cosine(broken, damaged)).toBeGreaterThan(cosine(broken, points) + 0.2);
  expect(res.usage).toEqual({ prompt_tokens: expect.any(Number), total_tokens: res.usage.prompt_tokens });
});

it('refuses an unknown key with 401 invalid_api_key', async () => {
  const bad = new OpenAI({ apiKey: 'sk-wrong-key-9999', baseURL: `${sandbox.url}/openai/v1`, maxRetries: 0 });
  const error = await bad.embeddings.create({ model: 'text-embedding-3-small', input: 'x' }).catch((e) => e);
  expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
  expect(error.status).toBe(401);
  expect(error.code).toBe('invalid_api_key');
});

it('answers a rate_limit fault with 429 rate_limit_exceeded and x-ratelimit headers', async () => {
  await control(sandbox, 'faults', { provider: 'openai', kind: 'rate_limit', count: 1 });
  const error = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }).catch((e) => e);
  expect(error).toBeInstanceOf(OpenAI.RateLimitError);
  expect(error.code).toBe('rate_limit_exceeded');
  expect(error.headers.get('x-ratelimit-remaining-requests')).toBe('0');
  const ok = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
  expect(ok.choices).toHaveLength(1);
});

it('works with the SDK parse helper and a zod response format', async () => {
  const { zodResponseFormat } = await import('openai/helpers/zod');
  const { z } = await import('zod');
  const Insight = z.object({ orderId: z.string(), risk: z.enum(['LOW', 'HIGH']), reasons: z.array(z.string()), eta: z.string().nullable() });
  const Answer = z.object({ insights: z.array(Insight), overall: Insight });
  const completion = await client.chat.completions.parse({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: `orders: ${JSON.stringify({ orders: [{ orderId: 'A-1' }, { orderId: 'B-2' }, { orderId: 'C-3' }] })}` }],
    response_format: zodResponseFormat(Answer, 'answer'),
  });
  const parsed = completion.choices[0].message.parsed!;
  expect(Answer.parse(parsed)).toEqual(parsed);
  expect(parsed.insights.map((i) => i.orderId)).toEqual(['A-1', 'B-2', 'C-3']);
});
