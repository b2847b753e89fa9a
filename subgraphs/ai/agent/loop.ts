// The assistant as an agent: each model turn may call tools (tools.ts), whose results go back to the model, until it
// answers in text. Bounded three ways (AGENT_MAX_STEPS model turns, AGENT_MAX_TOKENS over all turns,
// AGENT_TIMEOUT_MS of wall clock): at a bound the loop stops and answers itself, saying which bound and what it
// found so far, rather than letting a model that keeps calling tools run on. Every turn goes through llm/router.ts
// (the tenant's preferred provider, then the other), so a provider failing mid-loop hands the rest to the other one.
import type { ToolConversationMessage, ToolResult, ToolTurn } from '../../../providers/llm';
import { callLlm, type LlmDeps } from '../llm/router';
import type { LlmProvider } from '../llm/settings';
import { runTool, TOOLS, type ToolContext } from './tools';

export interface AgentBounds {
  maxSteps: number;
  maxTokens: number;
  timeoutMs: number;
}

export type AgentStep =
  | { kind: 'MODEL'; provider: LlmProvider; model: string; summary: string; promptTokens: number; completionTokens: number }
  | { kind: 'TOOL'; tool: string; input: Record<string, unknown>; summary: string; isError: boolean };

export interface AgentAnswer {
  text: string;
  /** The model of the last turn; null when the loop stopped at a bound before any model answered in text. */
  model: string;
  citations: string[];
  steps: AgentStep[];
  /** The bound that ended the loop, or null when the model answered. */
  stoppedBy: 'steps' | 'tokens' | 'time' | null;
}

/** A reply fits in a few paragraphs; each turn is bounded, the whole loop by AgentBounds. */
const MAX_TURN_TOKENS = 800;

const STOPPED: Record<'steps' | 'tokens' | 'time', (bounds: AgentBounds) => string> = {
  steps: (b) => `조회를 ${b.maxSteps}단계까지 진행했지만 답을 마치지 못했습니다 (step limit reached).`,
  tokens: (b) => `이 답변에 쓸 수 있는 토큰 한도(${b.maxTokens})에 도달해 조회를 멈췄습니다 (token limit reached).`,
  time: (b) => `답변 시간 한도(${Math.round(b.timeoutMs / 1000)}초)에 도달해 조회를 멈췄습니다 (time limit reached).`,
};

function boundReached(bounds: AgentBounds, steps: number, tokens: number, deadline: number): AgentAnswer['stoppedBy'] {
  if (Date.now() >= deadline) return 'time';
  if (tokens >= bounds.maxTokens) return 'tokens';
  if (steps >= bounds.maxSteps) return 'steps';
  return null;
}

/**
 * Text of a model turn as it streams in; `restart` on the first piece of each attempt (a new turn, or the other
 * provider after a failure): what came before it was not the answer.
 */
export type OnAgentText = (delta: string, restart: boolean) => void;

/**
 * The answer to the conversation in `messages` (system prompt first), looking things up as the caller. With
 * `onText`, every model turn is streamed and its text handed over as written; only the turn that calls no tools is
 * the answer, which the caller learns when this returns.
 */
export async function runAgent(
  deps: LlmDeps, tools: ToolContext, bounds: AgentBounds, messages: ToolConversationMessage[], onText?: OnAgentText,
): Promise<AgentAnswer> {
  const deadline = Date.now() + bounds.timeoutMs;
  const signal = AbortSignal.timeout(bounds.timeoutMs);
  const context: ToolContext = { ...tools, signal };
  const settings = await deps.settings.get(tools.identity.tenant);
  const conversation = [...messages];
  const steps: AgentStep[] = [];
  const citations = new Set<string>();
  let tokens = 0;
  let turns = 0;
  let lastModel = '';
  for (;;) {
    const stoppedBy = boundReached(bounds, turns, tokens, deadline);
    if (stoppedBy) return { text: stoppedAnswer(bounds, stoppedBy, steps), model: lastModel, citations: [...citations], steps, stoppedBy };
    const turn = await callLlm<ToolTurn>(deps, tools.identity.tenant, 'chat', {
      OPENAI: async (client) => wrap(await client.toolTurn(conversation, { tools: TOOLS, maxTokens: MAX_TURN_TOKENS, onText: attempt(onText) })),
      ANTHROPIC: async (client) => wrap(await client.toolTurn(conversation, { tools: TOOLS, maxTokens: MAX_TURN_TOKENS, onText: attempt(onText) })),
    }, settings);
    turns += 1;
    const { usage, toolCalls, text, model } = turn.value;
    tokens += usage.promptTokens + usage.completionTokens;
    lastModel = model;
    steps.push({
      kind: 'MODEL', provider: turn.provider, model, promptTokens: usage.promptTokens, completionTokens: usage.completionTokens,
      summary: toolCalls.length ? `called ${toolCalls.map((c) => c.name).join(', ')}` : `answered (${[...text].length} characters)`,
    });
    if (!toolCalls.length) return { text, model, citations: [...citations], steps, stoppedBy: null };
    const results: ToolResult[] = [];
    for (const call of toolCalls) {
      const outcome = await runTool(context, call.name, call.input);
      steps.push({ kind: 'TOOL', tool: call.name, input: call.input, summary: outcome.summary, isError: outcome.isError });
      for (const citation of outcome.citations) citations.add(citation);
      results.push({ callId: call.id, content: outcome.content, isError: outcome.isError });
    }
    conversation.push({ role: 'assistant', content: text, toolCalls }, { role: 'tool', results });
  }
}

/** One attempt's text hook: its first piece restarts the text. */
function attempt(onText: OnAgentText | undefined): ((delta: string) => void) | undefined {
  if (!onText) return undefined;
  let first = true;
  return (delta) => {
    onText(delta, first);
    first = false;
  };
}

const wrap = (turn: ToolTurn) => ({ value: turn, model: turn.model, usage: turn.usage });

function stoppedAnswer(bounds: AgentBounds, bound: 'steps' | 'tokens' | 'time', steps: AgentStep[]): string {
  const found = steps.flatMap((step) => (step.kind === 'TOOL' && !step.isError ? [step.summary] : []));
  const unique = [...new Set(found)].slice(0, 5);
  return unique.length ? `${STOPPED[bound](bounds)} 지금까지 확인한 내용: ${unique.join('; ')}` : STOPPED[bound](bounds);
}
