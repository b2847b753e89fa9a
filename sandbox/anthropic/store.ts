// The sandbox's Anthropic private state (providers/anthropic/README.md "Rate limits"): accepted keys and each key's
// one-minute window of requests and tokens.
import { moduleState } from '../module-state';
import type { SandboxState } from '../state';

export interface AnthropicStore {
  keys: Set<string>;
  windows: Map<string, { start: number; requests: number; inputTokens: number; outputTokens: number }>;
}

export function anthropicStore(state: SandboxState): AnthropicStore {
  return moduleState(state, 'anthropic', () => ({ keys: new Set<string>(), windows: new Map() }));
}
