import type { EventBus } from '../../platform/events';
import type { Keyring } from '../../keyring/keyring';
import type { KeyValueStore } from '../../platform/kv';
import type { SubgraphContext } from '../../platform/subgraph';
import type { ProbeBaseUrls } from './probes';

export interface KeysContext extends SubgraphContext {
  keyring: Keyring;
  events: EventBus;
  probeBaseUrls: ProbeBaseUrls;
  /** The providers' own settings (`config.providers`: redirect URIs and the like), by their descriptors' names. */
  providerSettings: Readonly<Record<string, string>>;
  /** Shared across replicas: pending OAuth consents (oauth-consent.ts). */
  kv: KeyValueStore;
}
