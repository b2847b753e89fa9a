// What the LLM clients (each under providers/<name>/) share: one set of chat types in neither provider's
// words, so a caller can put the same conversation, tools included, to either one.

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatReply {
  text: string;
  /** The model that answered, as its provider names it in the reply (gpt-4o-mini-2024-07-18). */
  model: string;
  /** The reply stopped at `maxTokens`. */
  truncated: boolean;
  usage: TokenUsage;
}

/** A tool the model may call: its input is described by a JSON schema of type object. */
export interface LlmTool {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface ToolCall {
  /** The provider's id of the call, which its result must name. */
  id: string;
  name: string;
  input: Record<string, unknown>;
}

export interface ToolResult {
  callId: string;
  content: string;
  isError: boolean;
}

/** A conversation with tools: plain turns, the assistant's tool calls, and the results answering them. */
export type ToolConversationMessage =
  | ChatMessage
  | { role: 'assistant'; content: string; toolCalls: ToolCall[] }
  | { role: 'tool'; results: ToolResult[] };

/** One model turn of a conversation with tools: text, tool calls, or both. */
export interface ToolTurn {
  text: string;
  toolCalls: ToolCall[];
  model: string;
  truncated: boolean;
  usage: TokenUsage;
}

export interface ToolTurnOptions {
  maxTokens?: number;
  /** Offered tools; none: the model must answer in text. */
  tools?: LlmTool[];
  /**
   * Set: the turn is streamed and each piece of its text is handed here as it arrives (the turn's result is the
   * same as unstreamed, assembled from the stream). A stream that fails midway throws as an unstreamed call does.
   */
  onText?: (delta: string) => void;
}
