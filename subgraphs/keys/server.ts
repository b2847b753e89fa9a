// keys: the admin API of the key resolver (provider keys, quotas, usage).
import { buildFederatedSchema, startSubgraphServer, type RunningSubgraph } from '../../platform/subgraph';
import type { Keyring } from '../../keyring/keyring';
import type { Logger } from '../../platform/logger';
import { ApiKeyResolver } from './schema/resolvers';
import type { KeysContext } from './context';
import type { ProbeBaseUrls } from './probes';
import '../../platform/graphql/enums';

export function buildKeysSchema() {
  return buildFederatedSchema({ resolvers: [ApiKeyResolver] });
}

export interface KeysOptions {
  keyring: Keyring;
  port: number;
  host?: string;
  subgraphSecret: string;
  logger: Logger;
  probeBaseUrls: ProbeBaseUrls;
  cafe24RedirectUri: string;
}

export async function startKeys(options: KeysOptions): Promise<RunningSubgraph> {
  return startSubgraphServer<KeysContext>({
    name: 'keys',
    schema: await buildKeysSchema(),
    port: options.port,
    host: options.host,
    subgraphSecret: options.subgraphSecret,
    logger: options.logger,
    createContext: (base) => ({ ...base, keyring: options.keyring, probeBaseUrls: options.probeBaseUrls, cafe24RedirectUri: options.cafe24RedirectUri }),
  });
}
