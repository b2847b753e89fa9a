// Anthropic API, following providers/anthropic/README.md: the public surface of this folder.
export {
  AnthropicProvider,
  ANTHROPIC_DEFAULT_MODEL,
  type AnthropicProviderOptions,
  type ChatMessage,
  type ChatReply,
  type ContentBlock,
  type MessageReply,
  type TokenUsage,
} from './client';
export { anthropicError, anthropicErrorKind, anthropicRetryAfterMs } from './errors';
