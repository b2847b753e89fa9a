// Test-only: what every LLM client (providers/llm.ts) must do alike, one test body that each client's own test runs
// against the sandbox, so the clients cannot drift apart in what they promise.
import type { LlmTool, ToolConversationMessage, ToolTurn, ToolTurnOptions } from '../llm';

export interface ToolTurnClient {
  toolTurn(messages: ToolConversationMessage[], options?: ToolTurnOptions): Promise<ToolTurn>;
}

const tools: LlmTool[] = [{ name: 'search_knowledge', description: 'Searches the knowledge base', parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] } }];

/** `client` is read when the test runs: the caller's `beforeAll` makes it. */
export function itStreamsATurnAsUnstreamed(client: () => ToolTurnClient): void {
  it('streams a turn (onText): the pieces make its text, and the turn, tool calls and usage included, is as unstreamed', async () => {
    const provider = client();
    const turns: Array<[ToolConversationMessage[], ToolTurnOptions]> = [
      [[{ role: 'user', content: '환불은 언제 되나요?' }], {}],
      [[{ role: 'user', content: '반품 정책 #tool-loop' }], { tools }],
    ];
    for (const [messages, options] of turns) {
      const pieces: string[] = [];
      const streamed = await provider.toolTurn([...messages], { ...options, onText: (delta) => pieces.push(delta) });
      const plain = await provider.toolTurn([...messages], options);
      expect(pieces.join('').trim()).toBe(streamed.text);
      expect({ ...streamed, toolCalls: streamed.toolCalls.map(({ name, input }) => ({ name, input })) })
        .toEqual({ ...plain, toolCalls: plain.toolCalls.map(({ name, input }) => ({ name, input })) });
      expect(streamed.usage.completionTokens).toBeGreaterThan(0);
    }
  });
}
