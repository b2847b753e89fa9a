// keys: the admin API of the key resolver (provider keys, quotas, usage).
import { buildFederatedSchema, startSubgraphServer, type CommonSubgraphOptions, type RunningSubgraph } from '../../platform/subgraph';
import type { Keyring } from '../../keyring/keyring';
import type { Config } from '../../platform/config';
import type { KeyValueStore } from '../../platform/kv';
import { ApiKeyAlertResolver } from './schema/subscriptions';
import { ApiKeyResolver } from './schema/resolvers';
import { Cafe24ConnectionResolver } from './schema/cafe24';
import { CAFE24_CALLBACK_PATH, cafe24CallbackRoute } from './cafe24-consent';
import { consentCallbackRoute } from './oauth-consent';
import { OPENBANKING_CALLBACK_PATH, openbankingConsent } from './openbanking-consent';
import { OpenBankingConnectionResolver } from './schema/openbanking';
import type { KeysContext } from './context';
import type { ProbeBaseUrls } from './probes';
import '../../platform/graphql/enums';

export function buildKeysSchema() {
  return buildFederatedSchema({ resolvers: [ApiKeyResolver, ApiKeyAlertResolver, Cafe24ConnectionResolver, OpenBankingConnectionResolver] });
}

export interface KeysOptions extends CommonSubgraphOptions {
  keyring: Keyring;
  probeBaseUrls: ProbeBaseUrls;
  cafe24RedirectUri: string;
  openbankingRedirectUri: string;
  kv: KeyValueStore;
}

export async function startKeys(options: KeysOptions): Promise<RunningSubgraph> {
  return startSubgraphServer<KeysContext>({
    name: 'keys',
    schema: await buildKeysSchema(),
    port: options.port,
    host: options.host,
    subgraphSecret: options.subgraphSecret,
    logger: options.logger,
    createContext: (base) => ({
      ...base, events: options.events, keyring: options.keyring, kv: options.kv, probeBaseUrls: options.probeBaseUrls, cafe24RedirectUri: options.cafe24RedirectUri,
      openbankingRedirectUri: options.openbankingRedirectUri,
    }),
    routes: {
      [CAFE24_CALLBACK_PATH]: cafe24CallbackRoute({
        keyring: options.keyring, kv: options.kv, baseUrl: options.probeBaseUrls.cafe24, redirectUri: options.cafe24RedirectUri,
        subgraphSecret: options.subgraphSecret, logger: options.logger,
      }),
      [OPENBANKING_CALLBACK_PATH]: consentCallbackRoute(
        openbankingConsent({ baseUrl: options.probeBaseUrls.openbanking, redirectUri: options.openbankingRedirectUri }),
        { keyring: options.keyring, kv: options.kv, subgraphSecret: options.subgraphSecret, logger: options.logger },
      ),
    },
  });
}

/** Keys' options from the config: every provider's base URL, for `testApiKey`. */
export function keysOptionsFrom(config: Config, deps: Pick<KeysOptions, 'keyring' | 'events' | 'logger' | 'kv'>, port: number): KeysOptions {
  return {
    ...deps, port, host: config.host, subgraphSecret: config.auth.subgraphSecret,
    probeBaseUrls: config.providers.baseUrls, cafe24RedirectUri: config.providers.cafe24RedirectUri,
    openbankingRedirectUri: config.providers.openbankingRedirectUri,
  };
}
