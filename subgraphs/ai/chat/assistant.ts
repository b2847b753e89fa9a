// The assistant's side of a conversation: the recent history plus a short system prompt, answered by the agent
// (agent/loop.ts), which may look up the tenant's orders, parcels, payments and knowledge base as the caller, through
// the tenant's preferred LLM (falling back to the other, llm/router.ts) and the key resolver.
import type { ChatMessage as LlmMessage } from '../../../providers/llm';
import { MARKETPLACE_NAMES } from '../../../providers/registry';
import type { LlmDeps } from '../llm/router';
import { runAgent, type AgentAnswer, type AgentBounds, type OnAgentText } from '../agent/loop';
import type { ToolContext } from '../agent/tools';
import type { ChatMessageEntity } from '../entities/chat-message';

/** The messages a reply is asked with: enough for the thread, bounded in tokens and cost. */
export const HISTORY_LENGTH = 20;

export const CHAT_SYSTEM_PROMPT =
  'You assist the customer-service team of a Korean online seller whose orders come from these marketplaces (as ' +
  `opsgraph names them): ${MARKETPLACE_NAMES.join(', ')}. ` +
  'Answer questions about orders, delivery, exchanges, returns and refunds, and draft ' +
  'replies to customers when asked. Write in the language of the last message (Korean by default, in polite ' +
  '존댓말 for text meant for customers) and keep it short. Look orders up with the tools (find_order by the ' +
  'marketplace order number, then order_shipments or order_payment) and the seller\'s policies with ' +
  'search_knowledge; say which order or document you used. Never invent order numbers, tracking numbers, prices ' +
  'or policies you were not given: when a look-up finds nothing, say so.';

export function toLlmMessages(history: ChatMessageEntity[]): LlmMessage[] {
  return [
    { role: 'system', content: CHAT_SYSTEM_PROMPT },
    ...history.map((message): LlmMessage => ({ role: message.role === 'ASSISTANT' ? 'assistant' : 'user', content: message.text })),
  ];
}

/** The reply to a conversation whose last message is the user's; throws a GraphQLError when no model answers. */
export function askAssistant(
  deps: LlmDeps, tools: ToolContext, bounds: AgentBounds, history: ChatMessageEntity[], onText?: OnAgentText,
): Promise<AgentAnswer> {
  return runAgent(deps, tools, bounds, toLlmMessages(history), onText);
}
