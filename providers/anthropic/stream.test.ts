// The documented Anthropic streams (providers/anthropic/fixtures/stream-*.json, recorded by the official SDK): the
// client reads each into the turn the unstreamed answer gives, and the sandbox streams in the same events and shapes.
import { DEMO_CREDENTIALS } from '../../sandbox/demo';
import { fixture } from '../test-support/fixtures';
import { replayDocumented } from '../test-support/replay';
import { useTestSandbox } from '../test-support/sandbox';
import { anthropicEventKind, expectDocumentedStream, parseSse } from '../test-support/sse';
import { AnthropicProvider } from './client';

const apiKey = DEMO_CREDENTIALS.anthropic.apiKey;
const documented = (name: string) => parseSse(fixture('anthropic', name).response.body as string);

describe('the client reads each documented stream into the unstreamed turn', () => {
  const cases = [
    {
      name: 'stream-text',
      question: 'Say hello there!',
      turn: { id: 'msg_4QpJur2dWWDjF6C758FbBw5vm12BaVipnK', model: 'claude-3-opus-latest', stopReason: 'end_turn', usage: { promptTokens: 11, completionTokens: 6 }, content: [{ type: 'text', text: 'Hello there!' }] },
    },
    {
      name: 'stream-tool-use',
      question: "What's the weather like in Paris?",
      turn: {
        id: 'msg_019Q1hrJbZG26Fb9BQhrkHEr', model: 'claude-sonnet-4-20250514', stopReason: 'tool_use', usage: { promptTokens: 377, completionTokens: 65 },
        content: [
          { type: 'text', text: "I'll check the current weather in Paris for you." },
          { type: 'tool_use', id: 'toolu_01NRLabsLyVHZPKxbKvkfSMn', name: 'get_weather', input: { location: 'Paris' } },
        ],
      },
    },
  ] as const;

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (name, { question, turn }) => {
    await replayDocumented(fixture('anthropic', name), async (replay) => {
      const provider = new AnthropicProvider({ baseUrl: replay.url, apiKey });
      const pieces: string[] = [];
      const streamed = await provider.createMessage({ messages: [{ role: 'user', content: question }], onText: (delta) => pieces.push(delta) });
      expect(streamed).toEqual(turn);
      expect(pieces.join('')).toBe(turn.content[0].text);
      expect(JSON.parse(replay.requests[0].body)).toMatchObject({ stream: true });

      // The same message unstreamed (the Messages API's JSON answer) reads into the same turn.
      const unstreamed = { id: turn.id, type: 'message', role: 'assistant', model: turn.model, content: turn.content, stop_reason: turn.stopReason, stop_sequence: null, usage: { input_tokens: turn.usage.promptTokens, output_tokens: turn.usage.completionTokens } };
      const plain = new AnthropicProvider({ baseUrl: 'https://api.anthropic.com', apiKey, fetch: async () => new Response(JSON.stringify(unstreamed), { headers: { 'content-type': 'application/json' } }) });
      expect(await plain.createMessage({ messages: [{ role: 'user', content: question }] })).toEqual(streamed);
    });
  });
});

describe('the sandbox streams as documented', () => {
  const sandbox = useTestSandbox();
  // Fields of the newer recording (claude-sonnet-4) the sandbox's older model does not send.
  const nullable = ['message.usage.service_tier', 'content_block.caller'];

  const streamOf = async (body: Record<string, unknown>) => {
    const response = await fetch(`${sandbox.url}/anthropic/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': apiKey, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    return parseSse(await response.text());
  };

  it.each(['stream-text', 'stream-tool-use'])('%s: the same events in the same order, each of the documented shape', async (name) => {
    const events = await streamOf(fixture('anthropic', name).request!.body as Record<string, unknown>);
    expectDocumentedStream(events, [documented(name), documented(name === 'stream-text' ? 'stream-tool-use' : 'stream-text')], anthropicEventKind, { nullable });
  });

  it('a drifting stream fails the comparison', async () => {
    const events = await streamOf(fixture('anthropic', 'stream-text').request!.body as Record<string, unknown>);
    const withoutPing = events.filter((e) => e.event !== 'ping');
    expect(() => expectDocumentedStream(withoutPing, [documented('stream-text')], anthropicEventKind, { nullable })).toThrow(/event order/);
    const renamed = events.map((e) => (e.event === 'message_delta' ? { ...e, data: { ...(e.data as object), delta: { stopReason: 'end_turn' } } } : e));
    expect(() => expectDocumentedStream(renamed, [documented('stream-text')], anthropicEventKind, { nullable })).toThrow(/delta\.stop_reason/);
  });
});
