// The sandbox's plug-in point for providers added after the first four: each provider module declares its
// adapter, its credential fields, and (for a marketplace) how the control endpoint makes orders appear.
// Adding a provider is one folder plus one line in MODULES.
import type { ProviderAdapter } from './http';
import type { SandboxState } from './state';

export type SandboxMarketplace = 'NAVER' | 'COUPANG' | 'ELEVENST';

export interface SandboxModule {
  provider: string;
  /** Field names of `POST /__sandbox/credentials` for this provider (the provider's own names). */
  credentialFields: string[];
  registerCredentials(state: SandboxState, credentials: Record<string, string>): void;
  adapter(state: SandboxState): ProviderAdapter;
  marketplace?: {
    name: SandboxMarketplace;
    /** Makes `count` new orders appear; returns their ids. */
    create(state: SandboxState, count: number): string[];
    /** Moves `count` existing orders one status step on; returns their ids. */
    changeStatus(state: SandboxState, count: number): string[];
  };
  /** Runs once at start: demo credentials and seed data. */
  seed?(state: SandboxState): void;
  /** Runs on `POST /__sandbox/reset`: throttle windows are counters too. */
  reset?(state: SandboxState): void;
}

export const MODULES: SandboxModule[] = [];

/** Per-provider private state, created on first use, so modules need no field in SandboxState. */
export function moduleState<T>(state: SandboxState, provider: string, create: () => T): T {
  let value = state.extensions.get(provider) as T | undefined;
  if (value === undefined) {
    value = create();
    state.extensions.set(provider, value);
  }
  return value;
}
