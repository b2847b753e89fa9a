// Bounds on what Apollo's automatic persisted queries may store: a registration (a `query` sent with its
// `persistedQuery` hash) is refused when the document is over `maxBytes`, or when its tenant has registered
// `maxPerTenant` documents within `ttlS` (counted atomically in the shared store, so across replicas). Without
// bounds, one client could fill Redis with documents that are never asked for again. A refused registration
// runs nothing: the hook is didResolveOperation, and Apollo stores the document only after every one passed.
import type { ApolloServerPlugin } from '@apollo/server';
import type { KeyValueStore } from '../../platform/kv';
import type { Identity } from '../../platform/identity';
import { badUserInput, operationTooComplex } from '../../platform/errors';
import type { ResolvedOperation } from './operation-limits';

export interface ApqBounds {
  maxBytes: number;
  maxPerTenant: number;
  ttlS: number;
}

export interface ApqBoundsOptions {
  store: KeyValueStore;
  bounds: ApqBounds;
  /** Checks that come first (the cost limit): a document refused as too complex spends none of the allowance. */
  admit?: (resolved: ResolvedOperation) => void;
}

export function apqBoundsPlugin(options: ApqBoundsOptions): ApolloServerPlugin<{ identity: Identity }> {
  const { maxBytes, maxPerTenant, ttlS } = options.bounds;
  return {
    async requestDidStart({ contextValue }) {
      return {
        async didResolveOperation(resolved) {
          const { metrics, source, queryHash } = resolved;
          if (!metrics.persistedQueryRegister) return;
          options.admit?.(resolved);
          const bytes = Buffer.byteLength(source);
          if (bytes > maxBytes) {
            throw operationTooComplex(
              `A persisted query may be at most ${maxBytes} bytes, but this one is ${bytes}: send it as a plain query, without extensions.persistedQuery`,
              'apqBytes', maxBytes,
            );
          }
          const tenant = contextValue.identity.tenant;
          if (!(await options.store.addBounded(`apq-tenant:${tenant}`, queryHash, maxPerTenant, ttlS * 1000))) {
            throw badUserInput(
              `Tenant ${tenant} has registered ${maxPerTenant} persisted queries in the last ${ttlS} s, the most it may: send this one as a plain query`,
              'extensions.persistedQuery',
            );
          }
        },
      };
    },
  };
}
