// OpenAI API, following providers/openai/README.md (OpenAI API):
// the public surface of this folder.
export {
  OpenAIProvider,
  OPENAI_DEFAULT_MODEL,
  OPENAI_DEFAULT_EMBEDDING_MODEL,
  type OpenAIProviderOptions,
  type ChatMessage,
  type ChatReply,
  type TokenUsage,
} from './provider';
export { openAIError, openAIRetryAfterMs, parseGoDurationMs } from './errors';
export {
  ORDER_INSIGHTS_RESPONSE_FORMAT,
  ORDER_INSIGHTS_SYSTEM_PROMPT,
  orderInsightsUserMessage,
  readOrderInsights, type OrderInsight, type OrderInsightInput, type Sentiment } from '../insights';
