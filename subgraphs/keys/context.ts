import type { Keyring } from '../../keyring/keyring';
import type { SubgraphContext } from '../../platform/subgraph';

export interface KeysContext extends SubgraphContext {
  keyring: Keyring;
}
