// The gateway's provider routes, derived from the provider registry (providers/registry.ts): every descriptor with a
// `webhook` part gets `POST /webhooks/<lower name>` relayed to its subgraph's same path (gateway/webhooks.ts), every
// one with an `oauthCallback` part gets `GET /oauth/<lower name>/callback` handed to its subgraph's
// `/internal/oauth/<lower name>/callback` (gateway/oauth-callback.ts). No provider is named here: adding one to the
// registry with these parts is all it takes. A route whose subgraph is not among the gateway's is left out.
import type { Route } from '../platform/http';
import type { Logger } from '../platform/logger';
import { SourceRateLimiter, type SourceRate } from '../platform/source-limit';
import type { OAuthCallbackRoute, WebhookRoute } from '../providers/descriptor';
import { PROVIDER_REGISTRY } from '../providers/registry';
import { DEFAULT_OAUTH_CALLBACK_RATE, oauthCallbackRoute } from './oauth-callback';
import { subgraphRouteUrl, webhookRelayRoute } from './webhooks';

/** The parts of a descriptor the gateway reads. */
export interface RoutedProvider {
  name: string;
  webhook?: WebhookRoute;
  oauthCallback?: Pick<OAuthCallbackRoute, 'subgraph' | 'connected'>;
}

export const webhookPath = (provider: string) => `/webhooks/${provider.toLowerCase()}`;
export const oauthCallbackPath = (provider: string) => `/oauth/${provider.toLowerCase()}/callback`;
/** The owning subgraph's side of the hand-over: nothing in the gateway imports a subgraph. */
export const internalOAuthCallbackPath = (provider: string) => `/internal/oauth/${provider.toLowerCase()}/callback`;

export interface ProviderRoutesOptions {
  subgraphs: ReadonlyArray<{ name: string; url: string }>;
  subgraphSecret: string;
  logger: Logger;
  /** OAuth callbacks per source IP, across every provider's callback (DEFAULT_OAUTH_CALLBACK_RATE if absent). */
  oauthCallbackRate?: SourceRate;
  /** The providers to route; the registry's by default. */
  providers?: readonly RoutedProvider[];
}

export function providerRoutes(options: ProviderRoutesOptions): Record<string, Route> {
  const routes: Record<string, Route> = {};
  const { subgraphs, subgraphSecret, logger } = options;
  const providers: readonly RoutedProvider[] = options.providers ?? PROVIDER_REGISTRY;
  const limiter = new SourceRateLimiter(options.oauthCallbackRate ?? DEFAULT_OAUTH_CALLBACK_RATE);
  for (const provider of providers) {
    if (provider.webhook) {
      const path = webhookPath(provider.name);
      const target = subgraphRouteUrl(subgraphs, provider.webhook.subgraph, path);
      if (target) routes[path] = webhookRelayRoute({ target, headers: provider.webhook.headers, subgraphSecret, logger });
    }
    if (provider.oauthCallback) {
      const { subgraph, connected } = provider.oauthCallback;
      const owner = subgraphs.find((s) => s.name === subgraph);
      if (owner) {
        routes[oauthCallbackPath(provider.name)] = oauthCallbackRoute({
          subgraphUrl: owner.url, audience: subgraph, internalPath: internalOAuthCallbackPath(provider.name), connected, subgraphSecret, logger, limiter,
        });
      }
    }
  }
  return routes;
}
