// `POST /v1/messages` (providers/anthropic/README.md "Messages", "Tool use"): the documented message object with
// content blocks and usage. Answers are a pure function of the request, so tests can pin them:
// - with the assistant's tools (find_order…) and tool_choice auto, sandbox/agent-model.ts decides: look up, answer;
// - a forced tool (`tool_choice: {type: "tool"}`) is called with an input built from its input_schema;
// - a last user turn carrying tool_result blocks is answered in text from those results;
// - with tools and `tool_choice` any (or auto, when the question names an order number) the first tool is called;
// - otherwise a customer-service reply in the language of the question.
import { json, parseJsonObject, type Reply, type SandboxRequest } from '../http';
import { createPrng, hash32, stableId } from '../prng';
import { answerForSchema, findOrderIds } from '../llm/schema-answer';
import { conversationReply } from '../llm/conversation';
import { nextAgentMove, type AgentMove, type CallMade } from '../agent-model';
import { invalidRequest } from './errors';

type Block = Record<string, unknown> & { type?: unknown };
interface Turn { role: 'user' | 'assistant'; content: string | Block[] }
interface Tool { name: string; description?: string; input_schema: Record<string, unknown> }

export const approxTokens = (text: string) => Math.ceil(text.length / 4);
const ORDER_NUMBER = /\d[\d-]{5,}\d/;

function blocksOf(content: Turn['content']): Block[] {
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return (content as Block[]).map((block) => {
    if (block.type === 'text' && typeof block.text === 'string') return block.text;
    if (block.type === 'tool_result') return textOf(block.content);
    return '';
  }).join('\n');
}

function snippetOf(text: string): string {
  const words = text.replace(/[{}[\]"]/g, ' ').split(/\s+/).filter(Boolean);
  const snippet = words.slice(0, 10).join(' ');
  return snippet.length > 80 ? `${snippet.slice(0, 77)}...` : snippet || '(empty)';
}

/** The request's shape as the Messages API checks it; a string names the first problem (400 invalid_request_error). */
function validate(body: Record<string, unknown>): string | { model: string; maxTokens: number; system: string; turns: Turn[]; tools: Tool[]; choice: { type: string; name?: string } } {
  if (typeof body.model !== 'string' || !body.model) return 'model: Field required';
  const maxTokens = body.max_tokens;
  if (maxTokens === undefined) return 'max_tokens: Field required';
  if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1) return 'max_tokens: Input should be a valid integer greater than or equal to 1';
  const turns = body.messages;
  if (!Array.isArray(turns)) return 'messages: Field required';
  if (turns.length === 0) return 'messages: at least one message is required';
  for (const [i, turn] of (turns as Array<Record<string, unknown>>).entries()) {
    if (!turn || (turn.role !== 'user' && turn.role !== 'assistant')) return `messages.${i}.role: Input should be 'user' or 'assistant'`;
    const content = turn.content;
    if (typeof content !== 'string' && !Array.isArray(content)) return `messages.${i}.content: Field required`;
    if (Array.isArray(content)) {
      for (const [j, block] of (content as Block[]).entries()) {
        if (!block || typeof block.type !== 'string') return `messages.${i}.content.${j}.type: Field required`;
        if (block.type === 'text' && typeof block.text !== 'string') return `messages.${i}.content.${j}.text: Field required`;
        if (block.type === 'tool_result' && typeof block.tool_use_id !== 'string') return `messages.${i}.content.${j}.tool_use_id: Field required`;
        if (block.type === 'tool_use' && (typeof block.id !== 'string' || typeof block.name !== 'string')) return `messages.${i}.content.${j}: tool_use needs id and name`;
      }
    }
  }
  if ((turns as Turn[])[0].role !== 'user') return 'messages: first message must use the "user" role';
  // Every tool_use must be answered by a tool_result in the very next (user) turn.
  for (const [i, turn] of (turns as Turn[]).entries()) {
    if (turn.role !== 'assistant') continue;
    const ids = blocksOf(turn.content).filter((b) => b.type === 'tool_use').map((b) => b.id as string);
    if (!ids.length) continue;
    const next = (turns as Turn[])[i + 1];
    if (!next) continue;
    const answered = new Set(blocksOf(next.content).filter((b) => b.type === 'tool_result').map((b) => b.tool_use_id as string));
    const missing = ids.filter((id) => !answered.has(id));
    if (missing.length) return `messages.${i + 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
  }
  let system = '';
  if (typeof body.system === 'string') system = body.system;
  else if (Array.isArray(body.system)) system = textOf(body.system as Block[]);
  else if (body.system !== undefined) return 'system: Input should be a valid string or a list of text blocks';
  const tools = (body.tools ?? []) as Tool[];
  if (!Array.isArray(tools)) return 'tools: Input should be a valid list';
  for (const [i, tool] of tools.entries()) {
    if (!tool || typeof tool.name !== 'string' || !/^[a-zA-Z0-9_-]{1,128}$/.test(tool.name)) return `tools.${i}.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'`;
    if (!tool.input_schema || typeof tool.input_schema !== 'object' || tool.input_schema.type !== 'object') return `tools.${i}.input_schema.type: Input should be 'object'`;
  }
  const choice = (body.tool_choice ?? { type: 'auto' }) as { type?: unknown; name?: unknown };
  if (!['auto', 'any', 'tool', 'none'].includes(choice.type as string)) return "tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'";
  if (choice.type !== 'auto' && choice.type !== 'none' && !tools.length) return 'tool_choice may only be specified while providing tools.';
  if (choice.type === 'tool' && !tools.some((t) => t.name === choice.name)) return `tool_choice.name: Tool '${String(choice.name)}' not found in tools`;
  return { model: body.model, maxTokens, system, turns: turns as Turn[], tools, choice: { type: choice.type as string, name: choice.name as string | undefined } };
}

function toolCall(tool: Tool, lastUser: string, key: string): Block {
  const ctx = { random: createPrng(hash32(key)), snippet: snippetOf(lastUser), orderIds: findOrderIds(lastUser), now: 0, root: tool.input_schema };
  const input = answerForSchema(tool.input_schema, ctx) as Record<string, unknown>;
  // An order number asked about goes into the field that names one, as a model would fill it in.
  const number = ORDER_NUMBER.exec(lastUser)?.[0];
  const properties = (tool.input_schema.properties ?? {}) as Record<string, { type?: unknown }>;
  if (number) {
    for (const [name, property] of Object.entries(properties)) {
      if (property?.type === 'string' && /order|number|id/i.test(name)) input[name] = number;
    }
  }
  return { type: 'tool_use', id: `toolu_${stableId(`${key}:${tool.name}`, 24)}`, name: tool.name, input };
}

/** The sandbox's agent (sandbox/agent-model.ts) over the turns since the question: tool_use blocks and their tool_result. */
function agentMove(turns: Turn[], tools: Tool[]): AgentMove {
  const asked = turns.map((t) => t.role === 'user' && blocksOf(t.content).some((b) => b.type === 'text')).lastIndexOf(true);
  const made: CallMade[] = [];
  const later = turns.slice(asked + 1);
  for (const turn of later) {
    if (turn.role !== 'assistant') continue;
    for (const block of blocksOf(turn.content).filter((b) => b.type === 'tool_use')) {
      const result = later.flatMap((t) => (t.role === 'user' ? blocksOf(t.content) : [])).find((b) => b.type === 'tool_result' && b.tool_use_id === block.id);
      made.push({ name: block.name as string, input: (block.input ?? {}) as Record<string, unknown>, result: result ? textOf(result.content) : '' });
    }
  }
  return nextAgentMove(asked >= 0 ? textOf(turns[asked].content) : '', tools.map((t) => t.name), made);
}

export function createMessage(req: SandboxRequest): Reply {
  const body = parseJsonObject(req.body);
  if (!body) return invalidRequest('There was an issue with your request body: it is not valid JSON.');
  const checked = validate(body);
  if (typeof checked === 'string') return invalidRequest(checked);
  const { model, maxTokens, system, turns, tools, choice } = checked;
  const key = JSON.stringify([model, system, turns, tools, choice]);
  const last = turns[turns.length - 1];
  const lastUser = textOf([...turns].reverse().find((t) => t.role === 'user')?.content ?? '');
  const results = last.role === 'user' ? blocksOf(last.content).filter((b) => b.type === 'tool_result') : [];

  let content: Block[];
  let stopReason: string;
  const forced = choice.type === 'tool' ? tools.find((t) => t.name === choice.name) : undefined;
  const move = choice.type === 'auto' && tools.length ? agentMove(turns, tools) : ({ kind: 'none' } as AgentMove);
  if (move.kind === 'call') {
    content = [{ type: 'text', text: '확인해 보겠습니다.' }, { type: 'tool_use', id: `toolu_${stableId(`${key}:${move.name}`, 24)}`, name: move.name, input: move.input }];
    stopReason = 'tool_use';
  } else if (move.kind === 'answer') {
    content = [{ type: 'text', text: move.text }];
    stopReason = 'end_turn';
  } else if (forced) {
    content = [toolCall(forced, lastUser, key)];
    stopReason = 'tool_use';
  } else if (results.length && choice.type !== 'any') {
    const found = results.map((r) => snippetOf(textOf(r.content))).join(' / ');
    const failed = results.some((r) => r.is_error === true);
    const korean = /[\uac00-\ud7a3]/.test(textOf(turns[0].content));
    const text = failed
      ? (korean ? '죄송합니다. 요청하신 정보를 조회하지 못했습니다.' : 'Sorry, I could not look that up.')
      : (korean ? `조회 결과에 따르면 ${found} 입니다.` : `According to the lookup: ${found}.`);
    content = [{ type: 'text', text }];
    stopReason = 'end_turn';
  } else if (tools.length && (choice.type === 'any' || (choice.type === 'auto' && ORDER_NUMBER.test(lastUser)))) {
    content = [{ type: 'text', text: '확인해 보겠습니다.' }, toolCall(tools[0], lastUser, key)];
    stopReason = 'tool_use';
  } else {
    const history = turns.map((t) => ({ role: t.role, text: textOf(t.content) }));
    content = [{ type: 'text', text: conversationReply(history, snippetOf(lastUser), hash32(key)) }];
    stopReason = 'end_turn';
  }

  // Text beyond max_tokens is cut, and says so (stop_reason max_tokens).
  const first = content[0];
  if (first.type === 'text' && approxTokens(first.text as string) > maxTokens) {
    content = [{ type: 'text', text: (first.text as string).slice(0, Math.max(1, maxTokens * 4)) }];
    stopReason = 'max_tokens';
  }
  const inputTokens = approxTokens(system + turns.map((t) => textOf(t.content)).join('\n') + (tools.length ? JSON.stringify(tools) : ''));
  const outputTokens = content.reduce((n, b) => n + approxTokens(b.type === 'text' ? (b.text as string) : JSON.stringify(b.input)), 0);
  const message = {
    id: `msg_${stableId(`msg:${req.body}`, 24)}`,
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    usage: { input_tokens: inputTokens, output_tokens: outputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
  };
  // `#stream-error` in the question: the stream breaks off after its first text piece with an error event, as the
  // API does when it is overloaded midway (Messages API "Streaming", "Error events").
  return body.stream === true ? streamMessage(message, lastUser.includes(STREAM_ERROR_MARKER)) : json(200, message);
}

export const STREAM_ERROR_MARKER = '#stream-error';

/**
 * `stream: true` (Messages API "Streaming Messages"): SSE events message_start (the message with empty content and
 * stop_reason null), per block content_block_start / content_block_delta (text_delta, or input_json_delta with the
 * tool input as partial JSON) / content_block_stop, then message_delta (stop_reason and the output usage) and
 * message_stop. Text goes in pieces of 8 characters, so a reply arrives as several deltas.
 */
function streamMessage(message: { content: Block[]; stop_reason: string; usage: { input_tokens: number; output_tokens: number } } & Record<string, unknown>, breakOff = false): Reply {
  const event = (type: string, data: object) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  const events = [event('message_start', {
    message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { ...message.usage, output_tokens: 1 } },
  })];
  for (const [index, block] of message.content.entries()) {
    if (block.type === 'text') {
      const text = block.text as string;
      events.push(event('content_block_start', { index, content_block: { type: 'text', text: '' } }));
      // The documented streams send a keep-alive ping after the first block starts (fixtures/stream-*.json).
      if (index === 0) events.push(event('ping', {}));
      for (let i = 0; i < text.length; i += 8) events.push(event('content_block_delta', { index, delta: { type: 'text_delta', text: text.slice(i, i + 8) } }));
      if (breakOff) {
        events.splice(events.length - Math.ceil(text.length / 8) + 1);
        events.push(event('error', { error: { type: 'overloaded_error', message: 'Overloaded' } }));
        return { status: 200, text: events.join(''), contentType: 'text/event-stream; charset=utf-8' };
      }
    } else {
      events.push(event('content_block_start', { index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } }));
      if (index === 0) events.push(event('ping', {}));
      // As documented, the input arrives as partial JSON in pieces, the first one empty; only the whole is JSON.
      const json = JSON.stringify(block.input ?? {});
      events.push(event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: '' } }));
      for (let i = 0; i < json.length; i += 8) events.push(event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: json.slice(i, i + 8) } }));
    }
    events.push(event('content_block_stop', { index }));
  }
  events.push(event('message_delta', { delta: { stop_reason: message.stop_reason, stop_sequence: null }, usage: { output_tokens: message.usage.output_tokens } }));
  events.push(event('message_stop', {}));
  return { status: 200, text: events.join(''), contentType: 'text/event-stream; charset=utf-8' };
}
