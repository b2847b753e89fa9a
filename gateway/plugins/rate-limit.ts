// Rate limits at the edge, exact across gateway replicas (the counters are in Redis, see rate-limit-store.ts):
// - per user per field, declared on the schema with `@rateLimit(window: "1m", max: 10)` and read from the
//   composed supergraph, so the limit lives next to the field it protects;
// - per tenant and per partner, a request rate with bursts (GCRA), overridable per tenant.
// A refusal is RATE_LIMITED with extensions.retryAfter (seconds), HTTP 429 and a Retry-After header.
import type { ApolloServerPlugin } from '@apollo/server';
import {
  Kind, parse, type DocumentNode, type FragmentDefinitionNode, type GraphQLError, type OperationDefinitionNode, type SelectionSetNode,
} from 'graphql';
import { Lru } from '../executor/lru';
import { rateLimited } from '../../platform/errors';
import type { Identity } from '../../platform/identity';
import { partnerScope, tenantScope } from '../../platform/scope';
import type { RateLimitStore } from './rate-limit-store';
import type { ResolvedOperation } from './operation-limits';

export interface FieldLimit { windowMs: number; max: number; window: string }
export interface RequestRate { perSecond: number; burst: number }

export interface RateLimitOptions {
  supergraphSdl: string;
  store: RateLimitStore;
  /** Every tenant's default, and overrides by tenant id (a partner's own bucket uses `partner:<sub>`). */
  requestRate: RequestRate & { overrides: Record<string, RequestRate> };
  /**
   * Checks a request must pass before anything is counted (the operation cost): Apollo runs every plugin's
   * didResolveOperation at once, so without this a request refused as too complex would still be counted.
   */
  admit?: (resolved: ResolvedOperation) => void;
  /** Operations whose top-level field counts are kept (GATEWAY_OPERATION_CACHE_SIZE). */
  cacheSize?: number;
}

const WINDOW_UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseWindow(window: string): number {
  const match = /^(\d+)\s*([smhd])$/.exec(window.trim());
  if (!match || Number(match[1]) === 0) throw new Error(`@rateLimit window must look like "30s", "1m", "1h" or "1d", but got "${window}"`);
  return Number(match[1]) * WINDOW_UNITS[match[2]];
}

/** `Type.field` → its limit, for every field the supergraph marks with `@rateLimit`. */
export function fieldLimitsOf(supergraphSdl: string): Map<string, FieldLimit> {
  const limits = new Map<string, FieldLimit>();
  for (const definition of parse(supergraphSdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    for (const field of definition.fields ?? []) {
      const directive = field.directives?.find((d) => d.name.value === 'rateLimit');
      if (!directive) continue;
      const arg = (name: string) => directive.arguments?.find((a) => a.name.value === name)?.value;
      const window = arg('window');
      const max = arg('max');
      if (window?.kind !== Kind.STRING || max?.kind !== Kind.INT) {
        throw new Error(`@rateLimit on ${definition.name.value}.${field.name.value} needs window: String and max: Int`);
      }
      limits.set(`${definition.name.value}.${field.name.value}`, { window: window.value, windowMs: parseWindow(window.value), max: Number(max.value) });
    }
  }
  return limits;
}

type FieldCounts = Map<string, number>;

/**
 * How many times each top-level field runs: every alias is a call of its own. Each fragment is counted once and
 * its counts reused at every spread, so fragments spreading fragments twice over cost linear time, not 2^depth.
 */
export function topLevelFieldCounts(
  selectionSet: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>, memo = new Map<string, FieldCounts>(),
): FieldCounts {
  const counts: FieldCounts = new Map();
  const add = (field: string, n: number) => counts.set(field, (counts.get(field) ?? 0) + n);
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      add(selection.name.value, 1);
      continue;
    }
    let inner: FieldCounts;
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      inner = topLevelFieldCounts(selection.selectionSet, fragments, memo);
    } else {
      const name = selection.name.value;
      if (!memo.has(name)) {
        memo.set(name, new Map()); // a cycle (refused by validation) counts nothing instead of looping
        memo.set(name, fragments[name] ? topLevelFieldCounts(fragments[name].selectionSet, fragments, memo) : new Map<string, number>());
      }
      inner = memo.get(name)!;
    }
    for (const [field, n] of inner) add(field, n);
  }
  return counts;
}

const ROOT_TYPES = { query: 'Query', mutation: 'Mutation', subscription: 'Subscription' } as const;
const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * Takes one request of a caller's request rate, the same for HTTP and for subscribe messages (graphql-ws): the
 * tenant's bucket, then a partner's own. `who` (a tenant id, or `partner:<sub>`) names its override; the bucket
 * lives in the tenant's or partner's own namespace (platform/scope.ts), so no tenant name reaches a partner's.
 * Answers the first refusal as what was refused and the wait in ms, or null when every bucket admitted it.
 */
export async function takeRequestRate(
  store: RateLimitStore, requestRate: RequestRate & { overrides: Record<string, RequestRate> }, identity: Identity,
): Promise<{ what: string; waitMs: number } | null> {
  const buckets = [{ who: identity.tenant, bucket: tenantScope(identity.tenant), what: `Tenant ${identity.tenant}` }];
  if (identity.roles.includes('partner')) buckets.push({ who: `partner:${identity.sub}`, bucket: partnerScope(identity.sub), what: `Partner ${identity.sub}` });
  for (const { who, bucket, what } of buckets) {
    const rate = requestRate.overrides[who] ?? requestRate;
    const waitMs = await store.takeBucket(`rate:${bucket}`, 1000 / rate.perSecond, rate.burst);
    if (waitMs > 0) return { what, waitMs };
  }
  return null;
}

export function rateLimitPlugin(options: RateLimitOptions): ApolloServerPlugin<{ identity: Identity }> {
  let fieldLimits = fieldLimitsOf(options.supergraphSdl);
  // Top-level field counts depend on the document alone (not variables, not identity): kept per operation.
  const counts = new Lru<string, FieldCounts>(options.cacheSize ?? 1000);
  const countsOf = (queryHash: string | undefined, operationName: string | undefined, operation: OperationDefinitionNode, document: DocumentNode) => {
    const key = `${queryHash}\0${operationName ?? ''}`;
    const known = queryHash ? counts.get(key) : undefined;
    if (known) return known;
    const fragments = Object.fromEntries(
      document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
    );
    const computed = topLevelFieldCounts(operation.selectionSet, fragments);
    if (queryHash) counts.set(key, computed);
    return computed;
  };

  return {
    async serverWillStart() {
      return {
        // A supergraph reloaded by the standalone gateway (gateway/supergraph-file.ts) brings its own limits.
        schemaDidLoadOrUpdate({ coreSupergraphSdl }) {
          if (!coreSupergraphSdl) return;
          try {
            fieldLimits = fieldLimitsOf(coreSupergraphSdl);
          } catch {
            // A bad @rateLimit in a new supergraph keeps the limits in force rather than drop them all.
          }
        },
        serverWillStop: () => options.store.close(),
      };
    },
    async requestDidStart({ contextValue }) {
      let refusal: GraphQLError | null = null;
      const refuse = (what: string, waitMs: number) => {
        refusal = rateLimited(what, seconds(waitMs));
        throw refusal;
      };
      return {
        async didResolveOperation(resolved) {
          const { operation, document } = resolved;
          const { identity } = contextValue;
          if (!identity || !operation) return;
          options.admit?.(resolved);
          const refused = await takeRequestRate(options.store, options.requestRate, identity);
          if (refused) refuse(refused.what, refused.waitMs);
          const rootType = ROOT_TYPES[operation.operation];
          for (const [field, count] of countsOf(resolved.queryHash, resolved.request.operationName, operation, document)) {
            const limit = fieldLimits.get(`${rootType}.${field}`);
            if (!limit) continue;
            const key = `field:${rootType}.${field}:${tenantScope(identity.tenant)}:${encodeURIComponent(identity.sub)}:${limit.window}`;
            const wait = await options.store.takeWindow(key, count, limit.max, limit.windowMs);
            if (wait > 0) refuse(`${field} (${limit.max} per ${limit.window})`, wait);
          }
        },
        async willSendResponse({ response }) {
          if (!refusal) return;
          response.http.status = 429;
          response.http.headers.set('retry-after', String((refusal.extensions as { retryAfter: number }).retryAfter));
        },
      };
    },
  };
}
