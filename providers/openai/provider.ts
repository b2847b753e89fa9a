// OpenAI client on the official SDK, following providers/openai/README.md (OpenAI API):
// chat completions (with structured output for order insights) and embeddings.
import OpenAI from 'openai';
import { z } from 'zod';
import { ProviderError } from '../errors';
import { checkReply } from '../reply';
import type { ChatMessage, ChatReply, TokenUsage, ToolCall, ToolConversationMessage, ToolTurn, ToolTurnOptions } from '../llm';
import {
  ORDER_INSIGHTS_RESPONSE_FORMAT,
  ORDER_INSIGHTS_SYSTEM_PROMPT,
  orderInsightsUserMessage,
  parseOrderInsights,
  type OrderInsight,
  type OrderInsightInput,
} from '../insights';
import { openAIError } from './errors';

export type { ChatMessage, ChatReply, TokenUsage } from '../llm';

export interface OpenAIProviderOptions {
  /** https://api.openai.com/v1 in production. */
  baseUrl: string;
  apiKey: string;
  model?: string;
  embeddingModel?: string;
  timeoutMs?: number;
}

export const OPENAI_DEFAULT_MODEL = 'gpt-4o-mini';
export const OPENAI_DEFAULT_EMBEDDING_MODEL = 'text-embedding-3-small';
const DEFAULT_TIMEOUT_MS = 60_000;

// The SDK types its replies but does not check them: the fields read below are, on arrival.
const COMPLETION = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable().optional() }).passthrough(), finish_reason: z.string().nullable().optional() }).passthrough()),
}).passthrough();
const TOOL_COMPLETION = z.object({
  choices: z.array(z.object({
    message: z.object({
      content: z.string().nullable().optional(),
      tool_calls: z.array(z.object({ id: z.string(), type: z.string(), function: z.object({ name: z.string(), arguments: z.string() }).passthrough() }).passthrough()).nullable().optional(),
    }).passthrough(),
    finish_reason: z.string().nullable().optional(),
  }).passthrough()),
}).passthrough();
const EMBEDDINGS = z.object({ data: z.array(z.object({ index: z.number().int().nonnegative(), embedding: z.array(z.number()) }).passthrough()) }).passthrough();

export class OpenAIProvider {
  private readonly client: OpenAI;
  private readonly apiKey: string;
  private readonly timeoutMs: number;
  readonly model: string;
  readonly embeddingModel: string;

  constructor(options: OpenAIProviderOptions) {
    this.apiKey = options.apiKey;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.model = options.model ?? OPENAI_DEFAULT_MODEL;
    this.embeddingModel = options.embeddingModel ?? OPENAI_DEFAULT_EMBEDDING_MODEL;
    // No SDK retries: the key resolver decides whether to wait, retry or move to another key.
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseUrl,
      maxRetries: 0,
      timeout: this.timeoutMs,
    });
  }

  /** One chat completion for the whole batch; orders the model skipped are absent from the map. */
  async orderInsights(orders: OrderInsightInput[]): Promise<{ insights: Map<string, OrderInsight>; usage: TokenUsage }> {
    if (orders.length === 0) return { insights: new Map(), usage: { promptTokens: 0, completionTokens: 0 } };
    const what = `summarise ${orders.length} orders with OpenAI`;
    const completion = await this.call(what, () =>
      this.client.chat.completions.create({
        model: this.model,
        messages: [
          { role: 'system', content: ORDER_INSIGHTS_SYSTEM_PROMPT },
          { role: 'user', content: orderInsightsUserMessage(orders) },
        ],
        response_format: ORDER_INSIGHTS_RESPONSE_FORMAT,
      }),
    );
    checkReply('openai', what, COMPLETION, completion);
    const choice = completion.choices[0];
    if (choice?.finish_reason === 'length') {
      throw new ProviderError({ provider: 'openai', kind: 'server', message: `${what} failed: the answer was cut off at the token limit` });
    }
    return { insights: parseOrderInsights(choice?.message.content, orders, 'openai'), usage: usageOf(completion.usage) };
  }

  /** `dimensions` shortens the vectors (text-embedding-3 models; OpenAI keeps them unit length). */
  async embed(texts: string[], options: { dimensions?: number } = {}): Promise<{ vectors: number[][]; usage: TokenUsage }> {
    if (texts.length === 0) return { vectors: [], usage: { promptTokens: 0, completionTokens: 0 } };
    const what = `embed ${texts.length} texts with OpenAI`;
    const result = await this.call(what, () =>
      this.client.embeddings.create({
        model: this.embeddingModel, input: texts, encoding_format: 'float', ...(options.dimensions ? { dimensions: options.dimensions } : {}),
      }),
    );
    checkReply('openai', what, EMBEDDINGS, result);
    // `index` is authoritative: the order of `data` is not promised.
    const vectors = new Array<number[]>(texts.length);
    for (const item of result.data) vectors[item.index] = item.embedding;
    return { vectors, usage: { promptTokens: result.usage?.prompt_tokens ?? 0, completionTokens: 0 } };
  }

  /**
   * One assistant turn for a conversation. `maxTokens` bounds the reply (a reply cut there is kept: it is still
   * an answer); `model` is the one OpenAI reports, dated suffix included, for usage and the stored message.
   */
  async chat(messages: ChatMessage[], options: { maxTokens?: number } = {}): Promise<ChatReply> {
    const completion = await this.call('chat with OpenAI', () =>
      this.client.chat.completions.create({
        model: this.model,
        messages,
        ...(options.maxTokens ? { max_completion_tokens: options.maxTokens } : {}),
      }),
    );
    checkReply('openai', 'chat with OpenAI', COMPLETION, completion);
    const choice = completion.choices[0];
    const text = choice?.message.content?.trim() ?? '';
    // A refusal or a filtered answer comes back without content: there is no reply to show or store.
    if (!text) {
      const reason = choice?.message.refusal ? 'the model refused to answer' : `the answer was empty (finish_reason ${choice?.finish_reason ?? 'none'})`;
      throw new ProviderError({ provider: 'openai', kind: 'server', message: `chat with OpenAI failed: ${reason}` });
    }
    return { text, model: completion.model || this.model, truncated: choice?.finish_reason === 'length', usage: usageOf(completion.usage) };
  }

  /**
   * One turn of a conversation with tools (README "Function calling"): the model answers in text, or with
   * `tool_calls` (finish_reason `tool_calls`) whose `arguments` are a JSON string; tool results go back as `tool` messages.
   */
  async toolTurn(messages: ToolConversationMessage[], options: ToolTurnOptions = {}): Promise<ToolTurn> {
    const what = 'chat with tools with OpenAI';
    const params = {
      model: this.model,
      messages: messages.flatMap(toOpenAIMessages),
      ...(options.tools?.length ? { tools: options.tools.map((tool) => ({ type: 'function' as const, function: tool })) } : {}),
      ...(options.maxTokens ? { max_completion_tokens: options.maxTokens } : {}),
    };
    const { onText } = options;
    const completion = await this.call(what, async () => {
      if (!onText) return this.client.chat.completions.create(params);
      // Streamed (SSE chunks of `delta.content`, then `[DONE]`); `include_usage` adds a last chunk with the usage,
      // which the SDK's stream helper keeps on the completion it assembles.
      const stream = this.client.chat.completions.stream({ ...params, stream: true, stream_options: { include_usage: true } });
      stream.on('content', (delta) => { if (delta) onText(delta); });
      return stream.finalChatCompletion();
    });
    checkReply('openai', what, TOOL_COMPLETION, completion);
    const choice = completion.choices[0];
    const toolCalls = (choice?.message.tool_calls ?? []).flatMap((call): ToolCall[] =>
      call.type === 'function' ? [{ id: call.id, name: call.function.name, input: parseArguments(call.function.arguments) }] : []);
    const text = choice?.message.content?.trim() ?? '';
    if (!text && !toolCalls.length) {
      throw new ProviderError({ provider: 'openai', kind: 'server', message: `${what} failed: the answer was empty (finish_reason ${choice?.finish_reason ?? 'none'})` });
    }
    return { text, toolCalls, model: completion.model || this.model, truncated: choice?.finish_reason === 'length', usage: usageOf(completion.usage) };
  }

  /** The cheapest authenticated call: the models the key may use. */
  async listModels(): Promise<string[]> {
    const page = await this.call('list OpenAI models', () => this.client.models.list());
    return page.data.map((model) => model.id);
  }

  private async call<T>(what: string, run: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
      return await run();
    } catch (error) {
      // The SDK recognises its own timeout only when the abort error survives intact; where it does not
      // (another realm, as under jest, or a fetch that words it differently) it reports a plain
      // connection error. A connection error that took the whole timeout is that timeout.
      const timedOut = error instanceof OpenAI.APIConnectionError && Date.now() - started >= this.timeoutMs - 10;
      throw openAIError(timedOut ? new OpenAI.APIConnectionTimeoutError() : error, what, this.apiKey);
    }
  }
}

type OpenAIMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam;

function toOpenAIMessages(message: ToolConversationMessage): OpenAIMessage[] {
  if (message.role === 'tool') return message.results.map((result) => ({ role: 'tool', tool_call_id: result.callId, content: result.content }));
  if (message.role === 'assistant' && 'toolCalls' in message && message.toolCalls.length) {
    return [{
      role: 'assistant',
      content: message.content || null,
      tool_calls: message.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.input) } })),
    }];
  }
  return [{ role: message.role, content: message.content }];
}

/** The model writes `arguments` as JSON text, which may be malformed: an unreadable one is an empty input, for the tool to refuse. */
function parseArguments(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function usageOf(usage: { prompt_tokens?: number; completion_tokens?: number } | undefined | null): TokenUsage {
  return { promptTokens: usage?.prompt_tokens ?? 0, completionTokens: usage?.completion_tokens ?? 0 };
}
