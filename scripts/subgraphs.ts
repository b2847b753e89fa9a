// The one wiring of the five subgraphs: each one's options come from the config through its own `…OptionsFrom`
// (subgraphs/<name>/server.ts), so the single-process stack (scripts/stack.ts), one component per process
// (scripts/serve.ts) and the tests (test/helpers/stack.ts, through stack.ts) start them the same way.
import type { Config, SubgraphName } from '../platform/config';
import type { EventBus } from '../platform/events';
import type { KeyValueStore } from '../platform/kv';
import type { Logger } from '../platform/logger';
import type { RunningSubgraph } from '../platform/subgraph';
import type { Keyring } from '../keyring/keyring';
import { commerceOptionsFrom, startCommerce, type RunningCommerce } from '../subgraphs/commerce/server';
import { logisticsOptionsFrom, startLogistics } from '../subgraphs/logistics/server';
import { financeOptionsFrom, startFinance } from '../subgraphs/finance/server';
import { aiOptionsFrom, startAi } from '../subgraphs/ai/server';
import { keysOptionsFrom, startKeys } from '../subgraphs/keys/server';

/** What the starting process opened once and every subgraph shares. */
export interface SubgraphDeps {
  keyring: Keyring;
  events: EventBus;
  kv: KeyValueStore;
  logger: Logger;
  databaseUrl: string;
}

export interface RunningSubgraphs {
  commerce: RunningCommerce;
  logistics: RunningSubgraph;
  finance: RunningSubgraph;
  ai: RunningSubgraph;
  keys: RunningSubgraph;
}

type Starters = { [K in SubgraphName]: (config: Config, deps: SubgraphDeps, port: number) => Promise<RunningSubgraphs[K]> };

export const SUBGRAPH_STARTERS: Starters = {
  commerce: (config, deps, port) => startCommerce(commerceOptionsFrom(config, deps, port)),
  logistics: (config, deps, port) => startLogistics(logisticsOptionsFrom(config, deps, port)),
  finance: (config, deps, port) => startFinance(financeOptionsFrom(config, deps, port)),
  ai: (config, deps, port) => startAi(aiOptionsFrom(config, deps, port)),
  keys: (config, deps, port) => startKeys(keysOptionsFrom(config, deps, port)),
};

/** Starts one subgraph on its configured port (or the port `portOf` gives, e.g. 0 in tests). */
export function startSubgraph<K extends SubgraphName>(
  name: K, config: Config, deps: SubgraphDeps, port: number = config.ports[name],
): Promise<RunningSubgraphs[K]> {
  return SUBGRAPH_STARTERS[name](config, deps, port);
}
