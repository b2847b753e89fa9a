// The sandbox's plug-in point for providers added after the first four: each provider module declares its
// adapter, its credential fields, and (for a marketplace) how the control endpoint makes orders appear.
// Adding a provider is one folder plus one line in MODULES.
import { aftershipModule } from './aftership';
import { elevenstModule } from './elevenst';
import { coupangModule } from './coupang';
import { naverModule } from './naver';
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

export const MODULES: SandboxModule[] = [aftershipModule, elevenstModule, coupangModule, naverModule];

export { moduleState } from './module-state';
