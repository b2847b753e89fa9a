// The documented OpenAI streams (providers/openai/fixtures/stream-{chat-completion,tool-call}.json, recorded by the
// official SDKs): the client reads each into the turn the unstreamed answer gives, and the sandbox streams the same
// chunks and shapes.
import { DEMO_CREDENTIALS } from '../../sandbox/demo';
import { fixture } from '../test-support/fixtures';
import { replayDocumented, replayServer } from '../test-support/replay';
import { useTestSandbox } from '../test-support/sandbox';
import { expectDocumentedStream, openAIChunkKind, parseSse } from '../test-support/sse';
import { OpenAIProvider } from './provider';

const apiKey = DEMO_CREDENTIALS.openai.apiKey;
const NAME = 'stream-chat-completion';
const question = [{ role: 'user' as const, content: "What's the weather like in SF?" }];

test('the client reads the documented stream into the unstreamed turn', async () => {
  const turn = { text: '{"city":"San Francisco","units":"f"}', toolCalls: [], model: 'gpt-4o-so', truncated: false, usage: { promptTokens: 71, completionTokens: 10 } };
  await replayDocumented(fixture('openai', NAME), async (replay) => {
    const pieces: string[] = [];
    const streamed = await new OpenAIProvider({ baseUrl: `${replay.url}/v1`, apiKey }).toolTurn(question, { onText: (delta) => pieces.push(delta) });
    expect(streamed).toEqual(turn);
    expect(pieces.join('')).toBe(turn.text);
    expect(JSON.parse(replay.requests[0].body)).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });
  // The same completion unstreamed (the API reference's chat.completion object) reads into the same turn.
  const unstreamed = {
    id: 'chatcmpl-9rnyXoOvZN6Ec33DKStiqSdEB76Ba', object: 'chat.completion', created: 1722610517, model: 'gpt-4o-so', system_fingerprint: 'fp_6dc10860e8',
    choices: [{ index: 0, message: { role: 'assistant', content: turn.text, refusal: null }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: 71, completion_tokens: 10, total_tokens: 81 },
  };
  const plain = await replayServer({ source: 'https://platform.openai.com/docs/api-reference/chat/object', response: { status: 200, body: unstreamed } });
  try {
    expect(await new OpenAIProvider({ baseUrl: `${plain.url}/v1`, apiKey }).toolTurn(question)).toEqual(turn);
  } finally {
    await plain.close();
  }
});

test('the client reads the documented tool-call stream into the unstreamed turn: the call with its arguments read', async () => {
  const tools = [{ name: 'get_weather', description: 'the weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }];
  const call = { id: 'call_5uxEBMFySqqQGu02I5QHA8k6', name: 'get_weather', input: { city: 'New York City' } };
  const turn = { text: '', toolCalls: [call], model: 'gpt-4o-2024-08-06', truncated: false, usage: { promptTokens: 44, completionTokens: 16 } };
  const nyc = [{ role: 'user' as const, content: "what's the weather in NYC?" }];
  await replayDocumented(fixture('openai', 'stream-tool-call'), async (replay) => {
    const pieces: string[] = [];
    expect(await new OpenAIProvider({ baseUrl: `${replay.url}/v1`, apiKey }).toolTurn(nyc, { tools, onText: (delta) => pieces.push(delta) })).toEqual(turn);
    expect(pieces).toEqual([]);
  });
  const unstreamed = {
    id: 'chatcmpl-9tXjtfxZZh2FYaFVxXKf2jiqNDiSo', object: 'chat.completion', created: 1723024761, model: 'gpt-4o-2024-08-06',
    choices: [{ index: 0, message: { role: 'assistant', content: null, refusal: null, tool_calls: [{ id: call.id, type: 'function', function: { name: call.name, arguments: '{"city":"New York City"}' } }] }, logprobs: null, finish_reason: 'tool_calls' }],
    usage: { prompt_tokens: 44, completion_tokens: 16, total_tokens: 60 },
  };
  const plain = await replayServer({ source: 'https://platform.openai.com/docs/api-reference/chat/object', response: { status: 200, body: unstreamed } });
  try {
    expect(await new OpenAIProvider({ baseUrl: `${plain.url}/v1`, apiKey }).toolTurn(nyc, { tools })).toEqual(turn);
  } finally {
    await plain.close();
  }
});

describe('the sandbox streams as documented', () => {
  const sandbox = useTestSandbox();

  const streamOf = async (body: unknown) => {
    const response = await fetch(`${sandbox.url}/openai/v1/chat/completions`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` }, body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    return parseSse(await response.text());
  };
  const documented = () => parseSse(fixture('openai', NAME).response.body as string);

  test('the same chunks in the same order, each of the documented shape', async () => {
    expectDocumentedStream(await streamOf(fixture('openai', NAME).request!.body), [documented()], openAIChunkKind);
  });

  test('a tool call: the same chunks in the same order, each of the documented shape', async () => {
    // The sandbox's agent calls search_knowledge for a `#tool-loop` question (sandbox/agent-model.ts).
    const tools = [{ type: 'function', function: { name: 'search_knowledge', parameters: { type: 'object', properties: { query: { type: 'string' } } } } }];
    const events = await streamOf({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: '반품 정책 #tool-loop' }], tools, stream: true, stream_options: { include_usage: true } });
    expectDocumentedStream(events, [parseSse(fixture('openai', 'stream-tool-call').response.body as string)], openAIChunkKind);
  });

  test('a drifting stream fails the comparison', async () => {
    const events = await streamOf(fixture('openai', NAME).request!.body);
    expect(() => expectDocumentedStream(events.filter((e) => e.data !== '[DONE]'), [documented()], openAIChunkKind)).toThrow(/event order/);
    const extra = events.map((e) => (openAIChunkKind(e) === 'usage' ? { data: { ...(e.data as object), usage: { prompt_tokens: '7' } } } : e));
    expect(() => expectDocumentedStream(extra, [documented()], openAIChunkKind)).toThrow(/usage\.prompt_tokens: documented as number/);
  });
});
