// The sandbox's plug-in point: each provider is one folder (sandbox/<name>/) exporting one SandboxModule, listed
// once in sandbox/registry.ts. The module declares its adapter, its credential fields and demo credentials, and
// (for a marketplace) how the control endpoint makes orders appear. Only types come from providers/: the sandbox
// shares no code with the clients it tests.
import type { Marketplace, ProviderName } from '../providers/registry';
import type { ProviderAdapter, Reply } from './http';
import type { SandboxState } from './state';

export type SandboxMarketplace = Marketplace;

export interface SandboxModule<C extends Record<string, string> = Record<string, string>> {
  provider: ProviderName;
  /** Field names of `POST /__sandbox/credentials` for this provider (the provider's own names). */
  credentialFields: string[];
  /** Credentials the sandbox accepts from the start; `npm start` seeds the demo tenant with exactly these. */
  demoCredentials: C;
  /**
   * Whether the demo tenant gets this key in every seed (true for the first four providers), or only when every
   * marketplace is asked for (scripts/seed.ts), which keeps most tests' key lists short.
   */
  demoKeyByDefault: boolean;
  /**
   * The daily quota the demo key is seeded with, where the provider's default (its free plan, keyring/limits.ts) is
   * too small for a demo under load; absent: the default.
   */
  demoDailyQuota?: number;
  /**
   * For a provider connected by OAuth consent: plays the consenting person's browser on this module's authorize page
   * and returns where the provider redirects (`{redirect_uri}?code=…&state=…`). The demo seed connects its key so.
   */
  consent?: (authorizeUrl: string, credentials: Record<string, string>) => Promise<URL>;
  registerCredentials(state: SandboxState, credentials: Record<string, string>): void;
  adapter(state: SandboxState): ProviderAdapter;
  marketplace?: {
    name: SandboxMarketplace;
    /** Makes `count` new orders appear; returns their ids. */
    create(state: SandboxState, count: number): string[];
    /** Moves `count` existing orders one status step on; returns their ids. */
    changeStatus(state: SandboxState, count: number): string[];
    /**
     * The marketplace's other buyer-side events, by the `kind` that asks for them (`cancel_request`,
     * `return_request`, `address_change`, …): each makes `count` of them happen now and returns the ids.
     */
    events?: Record<string, (state: SandboxState, count: number) => string[]>;
  };
  /** Runs once at start: demo credentials and seed data. */
  seed?(state: SandboxState): void;
  /** Control endpoints of its own (`POST /__sandbox/<name>` → handler of the JSON body), e.g. bank deposits. */
  control?: Record<string, (state: SandboxState, body: Record<string, unknown>) => Reply>;
  /** Runs on `POST /__sandbox/reset`: throttle windows are counters too. */
  reset?(state: SandboxState): void;
}

export { moduleState } from './module-state';
