import type { EventBus } from '../../platform/events';
import type { Keyring } from '../../keyring/keyring';
import type { KeyValueStore } from '../../platform/kv';
import type { SubgraphContext } from '../../platform/subgraph';
import type { ProbeBaseUrls } from './probes';

export interface KeysContext extends SubgraphContext {
  keyring: Keyring;
  events: EventBus;
  probeBaseUrls: ProbeBaseUrls;
  cafe24RedirectUri: string;
  openbankingRedirectUri: string;
  /** Shared across replicas: pending Cafe24 consents (cafe24-consent.ts). */
  kv: KeyValueStore;
}
