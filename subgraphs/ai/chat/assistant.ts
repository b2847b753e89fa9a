// The assistant's side of a conversation: the recent history plus a short system prompt, sent to the tenant's
// preferred LLM (falling back to the other, llm/router.ts) through the key resolver, which picks the key and counts
// the tokens and spend per provider and model.
import type { ChatMessage as LlmMessage } from '../../../providers/openai';
import { callLlm, type LlmAnswer, type LlmDeps } from '../llm/router';
import type { ChatMessageEntity } from '../entities/chat-message';

/** The messages a reply is asked with: enough for the thread, bounded in tokens and cost. */
export const HISTORY_LENGTH = 20;
/** A customer-service answer fits in a few paragraphs. */
const MAX_REPLY_TOKENS = 800;

export const CHAT_SYSTEM_PROMPT =
  "You assist the customer-service team of a Korean online seller whose orders come from Naver Smart Store, " +
  'Coupang, Cafe24 and 11st. Answer questions about orders, delivery, exchanges, returns and refunds, and draft ' +
  'replies to customers when asked. Write in the language of the last message (Korean by default, in polite ' +
  '존댓말 for text meant for customers) and keep it short. Never invent order numbers, tracking numbers, prices ' +
  'or policies you were not given: say what you would need instead.';

export function toLlmMessages(history: ChatMessageEntity[]): LlmMessage[] {
  return [
    { role: 'system', content: CHAT_SYSTEM_PROMPT },
    ...history.map((message): LlmMessage => ({ role: message.role === 'ASSISTANT' ? 'assistant' : 'user', content: message.text })),
  ];
}

/** The reply to a conversation whose last message is the user's, and the model that wrote it; throws a GraphQLError. */
export function askAssistant(deps: LlmDeps, tenantId: string, history: ChatMessageEntity[]): Promise<LlmAnswer<string>> {
  const messages = toLlmMessages(history);
  const reply = async (client: { chat(m: LlmMessage[], o: { maxTokens: number }): Promise<{ text: string; model: string; usage: { promptTokens: number; completionTokens: number } }> }) => {
    const answer = await client.chat(messages, { maxTokens: MAX_REPLY_TOKENS });
    return { value: answer.text, model: answer.model, usage: answer.usage };
  };
  return callLlm(deps, tenantId, 'chat', { OPENAI: reply, ANTHROPIC: reply });
}
