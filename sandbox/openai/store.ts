// The sandbox's OpenAI private state (providers/openai/README.md "Rate limit"): accepted keys and each key's
// per-minute window of requests and tokens.
import { moduleState } from '../module-state';
import type { SandboxState } from '../state';

export interface OpenAIStore {
  keys: Set<string>;
  windows: Map<string, { start: number; requests: number; tokens: number }>;
}

export function openaiStore(state: SandboxState): OpenAIStore {
  return moduleState(state, 'openai', () => ({ keys: new Set<string>(), windows: new Map() }));
}
