// The assistant's side of a conversation: the recent history plus a short system prompt, sent to OpenAI through
// the key resolver (which picks the key and counts the tokens).
import { OpenAIProvider, type ChatMessage as OpenAIMessage, type ChatReply } from '../../../providers/openai';
import type { AiDeps } from '../loaders';
import type { ChatMessageEntity } from '../entities/chat-message';

export const CHAT_MODEL = 'gpt-4o-mini';
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

export function toOpenAIMessages(history: ChatMessageEntity[]): OpenAIMessage[] {
  return [
    { role: 'system', content: CHAT_SYSTEM_PROMPT },
    ...history.map((message): OpenAIMessage => ({ role: message.role === 'ASSISTANT' ? 'assistant' : 'user', content: message.text })),
  ];
}

/** The reply to a conversation whose last message is the user's; throws the resolver's or the provider's error. */
export function askAssistant(deps: AiDeps, tenantId: string, history: ChatMessageEntity[]): Promise<ChatReply> {
  return deps.keyring.call<{ apiKey: string }, ChatReply>(
    { tenantId, provider: 'OPENAI', operation: 'chat' },
    async (lease) => {
      const provider = new OpenAIProvider({ baseUrl: deps.openaiBaseUrl, apiKey: lease.credentials.apiKey, model: CHAT_MODEL });
      const reply = await provider.chat(toOpenAIMessages(history), { maxTokens: MAX_REPLY_TOKENS });
      lease.reportUsage({ model: reply.model, inputTokens: reply.usage.promptTokens, outputTokens: reply.usage.completionTokens });
      return reply;
    },
  );
}
