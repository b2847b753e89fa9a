// The documented OpenAI examples (providers/openai/fixtures/): the provider (official SDK underneath) parses each
// documented answer, and the sandbox answers the same request with the same shape.
import { DEMO_CREDENTIALS } from '../../sandbox/demo';
import { ProviderError } from '../errors';
import { expectDocumentedShape, fixture, loadFixtures } from '../test-support/fixtures';
import { replayDocumented } from '../test-support/replay';
import { useTestSandbox } from '../test-support/sandbox';
import { OpenAIProvider } from './provider';

const apiKey = DEMO_CREDENTIALS.openai.apiKey;
const NAMES = ['chat-completion-tool-calls', 'chat-completion', 'embeddings', 'invalid-api-key'];

test('the fixtures (the stream has its own test: stream.test.ts)', () => {
  expect(loadFixtures('openai').map((f) => f.name)).toEqual([...NAMES, 'stream-chat-completion', 'stream-tool-call']);
});

async function withReplay(name: string, run: (provider: OpenAIProvider) => Promise<void>): Promise<void> {
  await replayDocumented(fixture('openai', name), (replay) => run(new OpenAIProvider({ baseUrl: `${replay.url}/v1`, apiKey })));
}

describe('the provider parses the documented answers', () => {
  test('a chat completion and embeddings', async () => {
    await withReplay('chat-completion', async (provider) => {
      expect(await provider.chat([{ role: 'user', content: 'Hello!' }])).toEqual({
        text: 'Hello! How can I assist you today?', model: 'gpt-4o-mini-2024-07-18', truncated: false, usage: { promptTokens: 19, completionTokens: 10 },
      });
    });
    await withReplay('embeddings', async (provider) => {
      expect((await provider.embed(['The food was delicious and the waiter...'])).vectors).toEqual([[0.0023064255, -0.009327292, -0.0028842222]]);
    });
  });

  test('a turn that calls a tool: the call, its JSON arguments read, no text', async () => {
    await withReplay('chat-completion-tool-calls', async (provider) => {
      const turn = await provider.toolTurn([{ role: 'user', content: "What's the weather like in Boston today?" }], {
        tools: [{ name: 'get_current_weather', description: 'the weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } }],
      });
      expect(turn).toMatchObject({ text: '', toolCalls: [{ id: 'call_abc123', name: 'get_current_weather', input: { location: 'Boston, MA' } }], usage: { promptTokens: 82, completionTokens: 17 } });
    });
  });

  test('an invalid key is an auth error that does not quote the key', async () => {
    await withReplay('invalid-api-key', async (provider) => {
      const error = await provider.chat([{ role: 'user', content: 'Hello!' }]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({ kind: 'auth' });
      expect((error as Error).message).not.toContain(apiKey);
    });
  });
});

describe('the sandbox answers the documented requests with the documented shapes', () => {
  const sandbox = useTestSandbox();

  test('every documented request', async () => {
    for (const name of NAMES) {
      const { request, response } = fixture('openai', name);
      const res = await fetch(`${sandbox.url}/openai${request!.path}`, {
        method: request!.method,
        headers: { 'content-type': 'application/json', authorization: request!.headers?.authorization ?? `Bearer ${apiKey}` },
        body: JSON.stringify(request!.body),
      });
      expect({ name, status: res.status }).toEqual({ name, status: response.status });
      expectDocumentedShape(await res.json(), response.body);
    }
  });
});
