// Per-provider private state, created on first use, so provider modules need no field in SandboxState.
// Its own file: modules.ts imports every provider module, so providers importing it back would be a cycle.
import type { SandboxState } from './state';

export function moduleState<T>(state: SandboxState, provider: string, create: () => T): T {
  let value = state.extensions.get(provider) as T | undefined;
  if (value === undefined) {
    value = create();
    state.extensions.set(provider, value);
  }
  return value;
}
