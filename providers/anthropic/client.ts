// Anthropic client on the official SDK (@anthropic-ai/sdk), following providers/anthropic/README.md
// ("Messages", "Tool use", "Models"): chat turns, order insights through a forced tool, and the raw Messages call
// with content blocks for callers that run tools themselves.
import Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';
import { ProviderError } from '../errors';
import { checkReply } from '../reply';
import {
  ORDER_INSIGHTS_RESPONSE_FORMAT,
  ORDER_INSIGHTS_SYSTEM_PROMPT,
  orderInsightsUserMessage,
  readOrderInsights,
  type OrderInsight,
  type OrderInsightInput,
} from '../insights';
import type { ChatMessage, ChatReply, TokenUsage, ToolConversationMessage, ToolTurn, ToolTurnOptions } from '../llm';
import { anthropicError } from './errors';

export type { ChatMessage, ChatReply, TokenUsage } from '../llm';

export interface AnthropicProviderOptions {
  /** https://api.anthropic.com in production (the SDK adds /v1/…). */
  baseUrl: string;
  apiKey: string;
  model?: string;
  timeoutMs?: number;
  /** Test hook: the fetch the SDK sends with (documented replies played back). */
  fetch?: typeof fetch;
}

/** Content blocks as the Messages API writes them (README "Messages", "Tool use"). */
export type ContentBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

export interface MessageReply {
  id: string;
  model: string;
  content: ContentBlock[];
  stopReason: string | null;
  usage: TokenUsage;
}

/** The API version the requests and replies below follow (README "Authentication"). */
export const ANTHROPIC_VERSION = '2023-06-01';
export const ANTHROPIC_DEFAULT_MODEL = 'claude-3-5-haiku-latest';
/** The Messages API requires max_tokens on every request. */
const DEFAULT_MAX_TOKENS = 1024;
const DEFAULT_TIMEOUT_MS = 60_000;
const INSIGHTS_TOOL = 'record_order_insights';

// The SDK types its replies but does not check them: the fields read below are, on arrival.
const MESSAGE = z.object({
  id: z.string(),
  type: z.literal('message'),
  role: z.literal('assistant'),
  model: z.string(),
  content: z.array(z.discriminatedUnion('type', [
    z.object({ type: z.literal('text'), text: z.string() }).passthrough(),
    z.object({ type: z.literal('tool_use'), id: z.string(), name: z.string(), input: z.record(z.string(), z.unknown()) }).passthrough(),
    z.object({ type: z.literal('thinking') }).passthrough(),
    z.object({ type: z.literal('redacted_thinking') }).passthrough(),
  ])),
  stop_reason: z.string().nullable(),
  usage: z.object({ input_tokens: z.number().int().nonnegative(), output_tokens: z.number().int().nonnegative() }).passthrough(),
}).passthrough();
const MODELS = z.object({ data: z.array(z.object({ id: z.string(), type: z.literal('model') }).passthrough()) }).passthrough();

export class AnthropicProvider {
  private readonly client: Anthropic;
  private readonly apiKey: string;
  private readonly timeoutMs: number;
  readonly model: string;

  constructor(options: AnthropicProviderOptions) {
    this.apiKey = options.apiKey;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.model = options.model ?? ANTHROPIC_DEFAULT_MODEL;
    // No SDK retries: the key resolver decides whether to wait, retry, move to another key or another provider.
    // The documented headers are sent as such (README "Authentication"): `x-api-key` and a pinned
    // `anthropic-version`, not whatever scheme or version a newer SDK defaults to.
    this.client = new Anthropic({
      apiKey: null,
      authToken: null,
      defaultHeaders: { 'x-api-key': options.apiKey, 'anthropic-version': ANTHROPIC_VERSION },
      baseURL: options.baseUrl,
      maxRetries: 0,
      timeout: this.timeoutMs,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  /**
   * One Messages call with content blocks: the answer's text and tool_use blocks as sent. `messages` may carry
   * tool_result blocks answering an earlier tool_use (README "Tool use").
   */
  async createMessage(params: {
    system?: string;
    messages: Anthropic.MessageParam[];
    maxTokens?: number;
    tools?: Anthropic.Tool[];
    toolChoice?: Anthropic.ToolChoice;
    /** Set: streamed (README "Streaming"), each text delta handed here as it arrives. */
    onText?: (delta: string) => void;
  }, what = 'ask Anthropic'): Promise<MessageReply> {
    const body = {
      model: this.model,
      max_tokens: params.maxTokens ?? DEFAULT_MAX_TOKENS,
      messages: params.messages,
      ...(params.system ? { system: params.system } : {}),
      ...(params.tools ? { tools: params.tools } : {}),
      ...(params.toolChoice ? { tool_choice: params.toolChoice } : {}),
    };
    const { onText } = params;
    const message = await this.call(what, async () => {
      if (!onText) return this.client.messages.create(body);
      // SSE: message_start, content_block_start/delta/stop per block, message_delta (stop_reason, usage),
      // message_stop; the SDK's MessageStream assembles the same Message an unstreamed call returns.
      const stream = this.client.messages.stream(body);
      stream.on('text', (delta) => { if (delta) onText(delta); });
      return stream.finalMessage();
    });
    const checked = checkReply('anthropic', what, MESSAGE, message, [this.apiKey]);
    const content = checked.content.filter((block): block is ContentBlock => block.type === 'text' || block.type === 'tool_use')
      .map((block): ContentBlock => block.type === 'text'
        ? { type: 'text', text: block.text }
        : { type: 'tool_use', id: block.id, name: block.name, input: block.input });
    return {
      id: checked.id,
      model: checked.model,
      content,
      stopReason: checked.stop_reason,
      usage: { promptTokens: checked.usage.input_tokens, completionTokens: checked.usage.output_tokens },
    };
  }

  /**
   * One assistant turn for a conversation. System messages go to the top-level `system` (the Messages API has no
   * system role); a reply cut at `maxTokens` is kept and said to be cut.
   */
  async chat(messages: ChatMessage[], options: { maxTokens?: number } = {}): Promise<ChatReply> {
    const system = messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n');
    const turns = messages.filter((m): m is ChatMessage & { role: 'user' | 'assistant' } => m.role !== 'system')
      .map((m): Anthropic.MessageParam => ({ role: m.role, content: m.content }));
    const reply = await this.createMessage({ system: system || undefined, messages: turns, maxTokens: options.maxTokens }, 'chat with Anthropic');
    const text = reply.content.filter((b): b is Extract<ContentBlock, { type: 'text' }> => b.type === 'text').map((b) => b.text).join('').trim();
    if (!text) {
      throw new ProviderError({ provider: 'anthropic', kind: 'server', message: `chat with Anthropic failed: the answer was empty (stop_reason ${reply.stopReason ?? 'none'})` });
    }
    return { text, model: reply.model, truncated: reply.stopReason === 'max_tokens', usage: reply.usage };
  }

  /**
   * One turn of a conversation with tools (README "Tool use"): text and `tool_use` blocks (stop_reason `tool_use`);
   * tool results go back in the next user turn as `tool_result` blocks, one per tool_use id.
   */
  async toolTurn(messages: ToolConversationMessage[], options: ToolTurnOptions = {}): Promise<ToolTurn> {
    const system = messages.filter((m) => m.role === 'system').map((m) => (m as ChatMessage).content).join('\n\n');
    const reply = await this.createMessage({
      system: system || undefined,
      messages: messages.flatMap(toAnthropicTurns),
      maxTokens: options.maxTokens,
      tools: options.tools?.length
        ? options.tools.map((tool) => ({ name: tool.name, description: tool.description, input_schema: tool.parameters as Anthropic.Tool.InputSchema }))
        : undefined,
      onText: options.onText,
    }, 'chat with tools with Anthropic');
    const text = reply.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('').trim();
    const toolCalls = reply.content.flatMap((b) => (b.type === 'tool_use' ? [{ id: b.id, name: b.name, input: b.input }] : []));
    if (!text && !toolCalls.length) {
      throw new ProviderError({ provider: 'anthropic', kind: 'server', message: `chat with tools with Anthropic failed: the answer was empty (stop_reason ${reply.stopReason ?? 'none'})` });
    }
    return { text, toolCalls, model: reply.model, truncated: reply.stopReason === 'max_tokens', usage: reply.usage };
  }

  /**
   * Insights for a batch of orders in one call: the model is made to call one tool whose input schema is the
   * insights schema, so the answer arrives as structured tool input (README "Tool use"). Orders the model
   * skipped are absent from the map.
   */
  async orderInsights(orders: OrderInsightInput[]): Promise<{ insights: Map<string, OrderInsight>; usage: TokenUsage; model: string }> {
    if (orders.length === 0) return { insights: new Map(), usage: { promptTokens: 0, completionTokens: 0 }, model: this.model };
    const what = `summarise ${orders.length} orders with Anthropic`;
    const reply = await this.createMessage({
      system: ORDER_INSIGHTS_SYSTEM_PROMPT,
      messages: [{ role: 'user', content: orderInsightsUserMessage(orders) }],
      maxTokens: 4096,
      tools: [{
        name: INSIGHTS_TOOL,
        description: 'Records one insight per order of the request.',
        input_schema: ORDER_INSIGHTS_RESPONSE_FORMAT.json_schema.schema as unknown as Anthropic.Tool.InputSchema,
      }],
      toolChoice: { type: 'tool', name: INSIGHTS_TOOL },
    }, what);
    if (reply.stopReason === 'max_tokens') {
      throw new ProviderError({ provider: 'anthropic', kind: 'server', message: `${what} failed: the answer was cut off at the token limit` });
    }
    const call = reply.content.find((b): b is Extract<ContentBlock, { type: 'tool_use' }> => b.type === 'tool_use' && b.name === INSIGHTS_TOOL);
    if (!call) throw new ProviderError({ provider: 'anthropic', kind: 'server', message: `${what} failed: the model did not call ${INSIGHTS_TOOL}` });
    return { insights: readOrderInsights(call.input, orders, 'anthropic'), usage: reply.usage, model: reply.model };
  }

  /** The cheapest authenticated call: the models the key may use. */
  async listModels(): Promise<string[]> {
    const page = await this.call('list Anthropic models', () => this.client.models.list());
    return checkReply('anthropic', 'list Anthropic models', MODELS, { data: page.data }).data.map((model) => model.id);
  }

  private async call<T>(what: string, run: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
      return await run();
    } catch (error) {
      // As for the other LLM SDK (same generator): a connection error that took the whole timeout is that timeout.
      const timedOut = error instanceof Anthropic.APIConnectionError && Date.now() - started >= this.timeoutMs - 10;
      throw anthropicError(timedOut ? new Anthropic.APIConnectionTimeoutError() : error, what, this.apiKey);
    }
  }
}

function toAnthropicTurns(message: ToolConversationMessage): Anthropic.MessageParam[] {
  if (message.role === 'system') return [];
  if (message.role === 'tool') {
    return [{
      role: 'user',
      content: message.results.map((result) => ({ type: 'tool_result' as const, tool_use_id: result.callId, content: result.content, ...(result.isError ? { is_error: true } : {}) })),
    }];
  }
  if (message.role === 'assistant' && 'toolCalls' in message && message.toolCalls.length) {
    return [{
      role: 'assistant',
      content: [
        ...(message.content ? [{ type: 'text' as const, text: message.content }] : []),
        ...message.toolCalls.map((call) => ({ type: 'tool_use' as const, id: call.id, name: call.name, input: call.input })),
      ],
    }];
  }
  return [{ role: message.role, content: message.content }];
}
