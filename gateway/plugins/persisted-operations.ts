// Persisted operations at the edge, wired in one place: Apollo's APQ over the shared store, and the trusted
// documents (the partner manifest), with the gate and the plugin that lock `partner` tokens onto it.
import type { ApolloServerOptions, BaseContext } from '@apollo/server';
import type { KeyValueStore } from '../../platform/kv';
import type { Logger } from '../../platform/logger';
import type { Identity } from '../../platform/identity';
import { apqCache } from './apq-cache';
import { TrustedDocuments, checkTrustedDocuments, trustedDocumentsPlugin, type SentRequest } from './trusted-documents';

export interface PersistedOperationsOptions {
  /** Without one, APQ keeps Apollo's in-process cache: fine for one replica, a miss on every other. */
  kv?: KeyValueStore;
  manifestPath?: string;
  logger: Logger;
  /** How long APQ keeps a registered document (Apollo's default is for ever). */
  apqTtlS?: number;
}

export function persistedOperations<TContext extends BaseContext>(options: PersistedOperationsOptions) {
  const documents = TrustedDocuments.open({ manifestPath: options.manifestPath, logger: options.logger });
  const apq: ApolloServerOptions<TContext>['persistedQueries'] = options.kv
    ? { cache: apqCache(options.kv, { defaultTtlSeconds: options.apqTtlS }), ttl: options.apqTtlS ?? 24 * 3600 }
    : undefined;
  return {
    apq,
    documents,
    plugin: trustedDocumentsPlugin<TContext>(documents),
    /** Throws PERSISTED_QUERY_REQUIRED / PERSISTED_QUERY_NOT_FOUND for what this identity may not send. */
    check: (identity: Identity, sent: SentRequest, requestId: string) => checkTrustedDocuments(documents, identity, sent, requestId),
    close: () => documents.close(),
  };
}
