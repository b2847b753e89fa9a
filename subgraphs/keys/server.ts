// keys: the admin API of the key resolver (provider keys, quotas, usage).
import { buildFederatedSchema, startSubgraphServer, type CommonSubgraphOptions, type RunningSubgraph } from '../../platform/subgraph';
import type { Keyring } from '../../keyring/keyring';
import { providerSettings, type Config } from '../../platform/config';
import type { KeyValueStore } from '../../platform/kv';
import { ApiKeyAlertResolver } from './schema/subscriptions';
import { ApiKeyResolver } from './schema/resolvers';
import { CONNECTION_RESOLVERS } from './schema/connections';
import { consentCallbackRoutes } from './oauth-consent';
import type { KeysContext } from './context';
import type { ProbeBaseUrls } from './probes';
import '../../platform/graphql/enums';

export function buildKeysSchema() {
  return buildFederatedSchema({ resolvers: [ApiKeyResolver, ApiKeyAlertResolver, ...CONNECTION_RESOLVERS] });
}

export interface KeysOptions extends CommonSubgraphOptions {
  keyring: Keyring;
  probeBaseUrls: ProbeBaseUrls;
  /** The providers' own settings (`config.providers`): the probes' and the OAuth consents' redirect URIs. */
  providerSettings: Readonly<Record<string, string>>;
  kv: KeyValueStore;
}

export async function startKeys(options: KeysOptions): Promise<RunningSubgraph> {
  const consentConfig = { baseUrls: options.probeBaseUrls, settings: options.providerSettings };
  return startSubgraphServer<KeysContext>({
    name: 'keys',
    schema: await buildKeysSchema(),
    port: options.port,
    host: options.host,
    subgraphSecret: options.subgraphSecret,
    logger: options.logger,
    createContext: (base) => ({
      ...base, events: options.events, keyring: options.keyring, kv: options.kv, probeBaseUrls: options.probeBaseUrls,
      providerSettings: options.providerSettings,
    }),
    // Every provider whose descriptor hands its OAuth callback to keys (`oauthCallback.subgraph`).
    routes: consentCallbackRoutes(consentConfig, {
      keyring: options.keyring, kv: options.kv, subgraphSecret: options.subgraphSecret, logger: options.logger,
    }),
  });
}

/** Keys' options from the config: every provider's base URL and own settings, for `testApiKey` and the consents. */
export function keysOptionsFrom(config: Config, deps: Pick<KeysOptions, 'keyring' | 'events' | 'logger' | 'kv'>, port: number): KeysOptions {
  return {
    ...deps, port, host: config.host, subgraphSecret: config.auth.subgraphSecret,
    probeBaseUrls: config.providers.baseUrls, providerSettings: providerSettings(config.providers),
  };
}
