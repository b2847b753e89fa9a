// `POST /v1/chat/completions` (providers/openai/README.md "Chat"): the documented completion object, or SSE chunks
// when `stream` is set. Answers are a pure function of the request, so tests can pin them.
import { json, parseJsonObject, type Reply, type SandboxRequest } from '../http';
import { createPrng, hash32, stableHex } from '../prng';
import type { SandboxState } from '../state';
import { nextAgentMove, type AgentMove, type CallMade } from '../agent-model';
import { answerForSchema, findOrderIds } from '../llm/schema-answer';
import { conversationReply } from '../llm/conversation';
import { approxTokens } from './embeddings';
import { invalidRequest } from './errors';

interface Message {
  role: string;
  content: unknown;
}

/** Message content is a string or an array of parts; only text parts count. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return (content as unknown[]).map((p) => {
    const text = p && typeof p === 'object' ? (p as { text?: unknown }).text : undefined;
    return typeof text === 'string' ? text : '';
  }).join('\n');
}

function snippetOf(text: string): string {
  const words = text.replace(/[{}[\]"]/g, ' ').split(/\s+/).filter(Boolean);
  const snippet = words.slice(0, 10).join(' ');
  return snippet.length > 80 ? `${snippet.slice(0, 77)}...` : snippet || '(empty)';
}

function answer(body: Record<string, unknown>, messages: Message[], now: number): { content: string; truncated: boolean } {
  const key = JSON.stringify([body.model, messages, body.response_format ?? null]);
  const lastUser = textOf([...messages].reverse().find((m) => m.role === 'user')?.content);
  const format = body.response_format as { type?: string; json_schema?: { schema?: Record<string, unknown> } } | undefined;
  if (format?.type === 'json_schema' && format.json_schema?.schema) {
    const schema = format.json_schema.schema;
    const ctx = { random: createPrng(hash32(key)), snippet: snippetOf(lastUser), orderIds: findOrderIds(lastUser), now, root: schema };
    return { content: JSON.stringify(answerForSchema(schema, ctx)), truncated: false };
  }
  if (format?.type === 'json_object') return { content: JSON.stringify({ answer: snippetOf(lastUser) }), truncated: false };
  const turns = messages.map((m) => ({ role: m.role, text: textOf(m.content) }));
  const text = conversationReply(turns, snippetOf(lastUser), hash32(key));
  const maxTokens = Number(body.max_completion_tokens ?? body.max_tokens ?? Infinity);
  const truncated = approxTokens(text) > maxTokens;
  return { content: truncated ? text.slice(0, Math.max(1, maxTokens * 4)) : text, truncated };
}

export function chatCompletion(state: SandboxState, req: SandboxRequest): Reply {
  const body = parseJsonObject(req.body);
  if (!body) return invalidRequest('We could not parse the JSON body of your request.', null);
  if (typeof body.model !== 'string') return invalidRequest("you must provide a model parameter", 'model');
  const messages = body.messages as Message[] | undefined;
  if (!Array.isArray(messages) || messages.length === 0 || messages.some((m) => !m || typeof m.role !== 'string')) {
    return invalidRequest("'messages' must be a non-empty array of {role, content}", 'messages');
  }
  const now = state.clock.now();
  const move = agentMove(body, messages);
  if (move.kind === 'call') return toolCallReply(body, req, messages, move, now);
  const { content, truncated } = move.kind === 'answer' ? { content: move.text, truncated: false } : answer(body, messages, now);
  const promptTokens = approxTokens(messages.map((m) => textOf(m.content)).join('\n'));
  const completionTokens = approxTokens(content);
  const usage = usageOf(promptTokens, completionTokens);
  const head = {
    id: `chatcmpl-${stableId24(req.body)}`,
    created: Math.floor(now / 1000),
    model: body.model,
    system_fingerprint: 'fp_sandbox01',
  };
  const finishReason = truncated ? 'length' : 'stop';
  if (body.stream === true) {
    const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
    // The usage chunk counts as the documented stream's does: the three totals, no details.
    const { prompt_tokens, completion_tokens, total_tokens } = usage;
    return streamReply(head, content, finishReason, includeUsage ? { prompt_tokens, completion_tokens, total_tokens } : undefined);
  }
  return json(200, {
    ...head,
    object: 'chat.completion',
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null, annotations: [] }, logprobs: null, finish_reason: finishReason }],
    usage,
    service_tier: 'default',
  });
}

/** With `tools`, the sandbox's agent (sandbox/agent-model.ts) reads the calls made since the last user message. */
function agentMove(body: Record<string, unknown>, messages: Message[]): AgentMove {
  const tools = Array.isArray(body.tools)
    ? (body.tools as Array<{ type?: unknown; function?: { name?: unknown } }>).flatMap((t) => (t?.type === 'function' && typeof t.function?.name === 'string' ? [t.function.name] : []))
    : [];
  if (!tools.length) return { kind: 'none' };
  const lastUser = messages.map((m) => m.role).lastIndexOf('user');
  const made: CallMade[] = [];
  for (const message of messages.slice(lastUser + 1)) {
    const calls = (message as { tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }> }).tool_calls ?? [];
    for (const call of calls) {
      const result = messages.find((m) => m.role === 'tool' && (m as { tool_call_id?: unknown }).tool_call_id === call.id);
      let input: Record<string, unknown> = {};
      try { input = JSON.parse(call.function.arguments) as Record<string, unknown>; } catch { /* the model's own text: kept empty */ }
      made.push({ name: call.function.name, input, result: textOf(result?.content) });
    }
  }
  return nextAgentMove(textOf(messages[lastUser]?.content), tools, made);
}

/** `finish_reason: "tool_calls"`, content null, and `arguments` as a JSON string (API reference, function calling). */
function toolCallReply(body: Record<string, unknown>, req: SandboxRequest, messages: Message[], move: Extract<AgentMove, { kind: 'call' }>, now: number): Reply {
  const args = JSON.stringify(move.input);
  const promptTokens = approxTokens(messages.map((m) => textOf(m.content)).join('\n'));
  const completionTokens = approxTokens(args) + 5;
  const callId = `call_${stableHex(`call:${req.body}`, 24)}`;
  if (body.stream === true) {
    // Streamed tool calls as documented (providers/openai/fixtures/stream-tool-call.json): `delta.tool_calls` by
    // index, the id and name first with empty `arguments` (content and refusal null), then `arguments` in pieces.
    const head = { id: `chatcmpl-${stableId24(req.body)}`, created: Math.floor(now / 1000), model: body.model, system_fingerprint: 'fp_sandbox01' };
    const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
    const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
    const chunk = (choices: unknown[], extra: object = {}) => `data: ${JSON.stringify({ ...head, object: 'chat.completion.chunk', choices, ...extra })}\n\n`;
    const delta = (d: object, finish: string | null = null) => ({ index: 0, delta: d, logprobs: null, finish_reason: finish });
    const events = [
      chunk([delta({ role: 'assistant', content: null, tool_calls: [{ index: 0, id: callId, type: 'function', function: { name: move.name, arguments: '' } }], refusal: null })]),
      ...Array.from({ length: Math.ceil(args.length / 16) }, (_, i) => chunk([delta({ tool_calls: [{ index: 0, function: { arguments: args.slice(i * 16, i * 16 + 16) } }] })])),
      chunk([delta({}, 'tool_calls')]),
      ...(includeUsage ? [chunk([], { usage })] : []),
      'data: [DONE]\n\n',
    ];
    return { status: 200, text: events.join(''), contentType: 'text/event-stream; charset=utf-8' };
  }
  return json(200, {
    id: `chatcmpl-${stableId24(req.body)}`,
    object: 'chat.completion',
    created: Math.floor(now / 1000),
    model: body.model,
    system_fingerprint: 'fp_sandbox01',
    choices: [{
      index: 0,
      message: { role: 'assistant', content: null, tool_calls: [{ id: callId, type: 'function', function: { name: move.name, arguments: args } }], refusal: null, annotations: [] },
      logprobs: null,
      finish_reason: 'tool_calls',
    }],
    usage: usageOf(promptTokens, completionTokens),
    service_tier: 'default',
  });
}

/** The usage object of the API reference's examples (providers/openai/fixtures/chat-completion*.json), details included. */
function usageOf(promptTokens: number, completionTokens: number) {
  return {
    prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

const stableId24 = (text: string) => stableHex(`chat:${text}`, 24);

function streamReply(head: Record<string, unknown>, content: string, finishReason: string, usage?: object): Reply {
  const chunk = (choices: unknown[], extra: object = {}) =>
    `data: ${JSON.stringify({ ...head, object: 'chat.completion.chunk', choices, ...extra })}\n\n`;
  const delta = (d: object, finish: string | null = null) => ({ index: 0, delta: d, logprobs: null, finish_reason: finish });
  // The first chunk names the role with empty content, as the documented stream does (fixtures/stream-chat-completion.json).
  const events = [chunk([delta({ role: 'assistant', content: '' })])];
  for (let i = 0; i < content.length; i += 16) events.push(chunk([delta({ content: content.slice(i, i + 16) })]));
  events.push(chunk([delta({}, finishReason)]));
  if (usage) events.push(chunk([], { usage }));
  events.push('data: [DONE]\n\n');
  return { status: 200, text: events.join(''), contentType: 'text/event-stream; charset=utf-8' };
}
