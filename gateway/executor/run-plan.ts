// Runs a QueryPlan from @apollo/query-planner: Sequence, Parallel, Flatten, Fetch and Condition nodes, merging each
// subgraph's answer into one tree of data. A port of @apollo/gateway 2.14's executeQueryPlan.ts (its OpenTelemetry
// `gateway.fetch` spans included) without its usage-reporting traces (off in opsgraph; a request that wants a trace
// goes to the stock executor), plus one addition: identical fetches (same subgraph, document and variables) within
// one request go out once.
// Defer and Subscription nodes never reach here (index.ts sends their plans to the stock executor).
import { GraphQLError, type GraphQLErrorOptions, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { FetchNode, PlanNode, QueryPlanSelectionNode, ResponsePath } from '@apollo/query-planner';
import { ERRORS, errorCodeDef } from '@apollo/federation-internals';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import type { ServiceMap } from '@apollo/gateway';
import type { OperationDefinitionNode } from 'graphql';
import type { OpenTelemetryConfig } from '@apollo/gateway/dist/utilities/opentelemetry';
import { isDirectSource } from '../subgraph-source';
import { applyRewrites, deepMerge, isObjectOfType, own } from './merge';
import { inSpan, SpanNames } from './spans';

type ResultMap = Record<string, unknown>;
type SubgraphResponse = { data?: ResultMap | null; errors?: readonly GraphQLFormattedError[]; extensions?: Record<string, unknown> };

/** Where in the full result a plan node works: the flattened list of objects at `path` (`@` marks a list). */
interface Cursor {
  path: ResponsePath;
  data: ResultMap | ResultMap[];
  fullResult: ResultMap;
}

export interface PlanRun {
  serviceMap: ServiceMap;
  requestContext: GatewayGraphQLRequestContext;
  operation: OperationDefinitionNode;
  /** The operation's variable defaults (a Condition on a variable the request left out reads its default). */
  defaults: Record<string, unknown>;
  supergraphSchema: GraphQLSchema;
  errors: Array<GraphQLError | Error>;
  /** This request's fetches in flight, by subgraph, then body (document + variables), with who waits on each. */
  inFlight: Map<string, Map<string, Joiner[]>>;
  /** The gateway's `telemetry` option (whether spans record the exceptions), as stock reads it. */
  telemetry?: OpenTelemetryConfig;
  /** May join identical calls other requests of the same identity have in flight (queries, GATEWAY_SHARE_FETCHES). */
  shareFetches?: boolean;
}

export interface Joiner { resolve(response: SubgraphResponse): void; reject(error: unknown): void }

export async function runNode(run: PlanRun, node: PlanNode, cursor: Cursor | undefined): Promise<void> {
  // A parent that came back null (or an empty list) leaves nothing for the nodes under it to do.
  if (!cursor) return;
  switch (node.kind) {
    case 'Sequence':
      for (const child of node.nodes) await runNode(run, child, cursor);
      return;
    case 'Parallel':
      await Promise.all(node.nodes.map((child) => runNode(run, child, cursor)));
      return;
    case 'Flatten':
      return runNode(run, node.node, moveInto(cursor, node.path));
    case 'Fetch':
      try {
        await inSpan(SpanNames.FETCH, { service: node.serviceName }, run.telemetry, () => runFetch(run, node, cursor));
      } catch (error) {
        run.errors.push(error as Error);
      }
      return;
    case 'Condition': {
      // The planner's evaluateCondition, over the operation's defaults as compiled (it wants federation-internals').
      const values = run.requestContext.request.variables;
      const given: unknown = values && own(values, node.condition) ? values[node.condition] : undefined;
      const value = given === undefined ? run.defaults[node.condition] : given;
      if (typeof value !== 'boolean') throw new Error(`Invalid non-boolean value ${String(value)} for Boolean! variable $${node.condition}`);
      const branch = value ? node.ifClause : node.elseClause;
      if (branch) await runNode(run, branch, cursor);
      return;
    }
    default:
      throw new Error(`${node.kind} plan nodes are left to the stock executor`);
  }
}

async function runFetch(run: PlanRun, fetch: FetchNode, cursor: Cursor): Promise<void> {
  const service = run.serviceMap[fetch.serviceName];
  if (!service) throw new Error(`Couldn't find service with name "${fetch.serviceName}"`);
  const entities = Array.isArray(cursor.data) ? cursor.data.filter((entity) => entity != null) : [cursor.data];
  if (entities.length < 1) return;
  const variables: ResultMap = Object.create(null) as ResultMap;
  const provided = run.requestContext.request.variables;
  for (const name of fetch.variableUsages ?? []) {
    if (provided && own(provided, name) && provided[name] !== undefined) variables[name] = provided[name];
  }
  if (!fetch.requires) {
    const data = await send(run, fetch, cursor, variables);
    if (data) applyRewrites(run.supergraphSchema, fetch.outputRewrites, data);
    for (const entity of entities) deepMerge(entity, data);
    return;
  }
  const representations: ResultMap[] = [];
  const representationToEntity: number[] = [];
  entities.forEach((entity, index) => {
    // `requires` may name @inaccessible elements: read with the supergraph schema, as stock does.
    const representation = selectRequired(run.supergraphSchema, entity, fetch.requires!);
    if (representation && representation.__typename) {
      applyRewrites(run.supergraphSchema, fetch.inputRewrites, representation);
      representations.push(representation);
      representationToEntity.push(index);
    }
  });
  if (representations.length < 1) return;
  if ('representations' in variables) throw new Error('Variables cannot contain key "representations"');
  const data = await send(run, fetch, cursor, { ...variables, representations });
  if (!data) return;
  const received = data._entities;
  if (!Array.isArray(received)) throw new Error('Expected "data._entities" in response to be an array');
  if (received.length !== representations.length) throw new Error(`Expected "data._entities" to contain ${representations.length} elements`);
  for (let i = 0; i < entities.length; i++) {
    const entity = received[i] as ResultMap | null | undefined;
    const existing = entities[representationToEntity[i]];
    if (entity && !entity.__typename) entity.__typename = existing.__typename;
    applyRewrites(run.supergraphSchema, fetch.outputRewrites, entity);
    deepMerge(existing, entity);
  }
}

/**
 * Sends one fetch, or joins an identical one still in flight. Sharing across requests (queries on the direct path)
 * covers this request's own identical fetches too: the source hands every joiner its own parse of the answer.
 * Otherwise identical fetches within this request are joined here: each joiner gets its own copy, taken when the
 * answer arrives and before the sender merges it (merging mutates); a later identical fetch goes out anew.
 */
async function send(run: PlanRun, fetch: FetchNode, cursor: Cursor, variables: ResultMap): Promise<ResultMap | null | undefined> {
  // The body as Apollo's data source would send it, serialized once: it is the key and, on the direct path, what goes out.
  const body = JSON.stringify({ query: fetch.operation, variables, operationName: fetch.operationName });
  const source = run.serviceMap[fetch.serviceName];
  const response = run.shareFetches && isDirectSource(source)
    ? await source.fetchDirect(body, run.requestContext.context, run.requestContext, { share: true })
    : await joinInRequest(run, source, fetch, cursor, variables, body);
  if (response.errors) {
    const pathOf = lazyErrorPaths(fetch, cursor);
    run.errors.push(...response.errors.map((error) => downstreamServiceError(error, fetch.serviceName, pathOf)));
    const metrics = run.requestContext.metrics as { nonFtv1ErrorPaths?: Array<{ subgraph: string; path: unknown }> } | undefined;
    if (metrics && !response.extensions?.ftv1) {
      const paths = response.errors.map((error) => ({ subgraph: fetch.serviceName, path: error.path }));
      metrics.nonFtv1ErrorPaths = [...(metrics.nonFtv1ErrorPaths ?? []), ...paths];
    }
  }
  return response.data;
}

async function joinInRequest(
  run: PlanRun, source: ServiceMap[string], fetch: FetchNode, cursor: Cursor, variables: ResultMap, body: string,
): Promise<SubgraphResponse> {
  // By subgraph, then by body: no key built by concatenating (copying) a body that may be large.
  let calls = run.inFlight.get(fetch.serviceName);
  if (!calls) run.inFlight.set(fetch.serviceName, (calls = new Map<string, Joiner[]>()));
  const joined = calls.get(body);
  if (joined) return new Promise<SubgraphResponse>((resolve, reject) => joined.push({ resolve, reject }));
  const joiners: Joiner[] = [];
  calls.set(body, joiners);
  let response: SubgraphResponse;
  try {
    response = isDirectSource(source)
      ? await source.fetchDirect(body, run.requestContext.context, run.requestContext)
      : await source.process({
        kind: 'incoming operation' as never,
        request: { query: fetch.operation, variables, operationName: fetch.operationName },
        incomingRequestContext: run.requestContext,
        context: run.requestContext.context,
        document: fetch.operationDocumentNode,
        pathInIncomingRequest: cursor.path,
      });
  } catch (error) {
    calls.delete(body);
    for (const joiner of joiners) joiner.reject(error);
    throw error;
  }
  calls.delete(body);
  for (const joiner of joiners) joiner.resolve(structuredClone(response));
  return response;
}

type ErrorPath = GraphQLErrorOptions['path'];

/** Maps a subgraph error's path into the gateway's answer; `_entities` indexes are resolved only if an error needs it. */
function lazyErrorPaths(fetch: FetchNode, cursor: Cursor): (path: ErrorPath) => ErrorPath {
  let hydrated: ResponsePath[] | undefined;
  return (path) => {
    if (fetch.requires && typeof path?.[1] === 'number') {
      if (!hydrated) {
        hydrated = [];
        hydratePaths([], cursor.path, cursor.fullResult, hydrated);
      }
      return [...(hydrated[path[1]] ?? []), ...path.slice(2)];
    }
    return path ? [...cursor.path, ...path] : undefined;
  };
}

/** `["foo", "@", "bar"]` → `["foo", 0, "bar"]`, `["foo", 1, "bar"]`, … as the data has them. */
function hydratePaths(parent: ResponsePath, path: ResponsePath, data: unknown, result: ResponsePath[]): void {
  if (data == null) return;
  const head = path[0];
  if (head == null) {
    result.push(parent.slice());
  } else if (head === '@' || (typeof head === 'string' && Array.isArray(data))) {
    if (!Array.isArray(data)) throw new Error('expected array when encountering `@`');
    const rest = head === '@' ? path.slice(1) : path;
    data.forEach((value, i) => {
      parent.push(i);
      hydratePaths(parent, rest, value, result);
      parent.pop();
    });
  } else if (typeof head === 'string' && own(data, head)) {
    parent.push(head);
    hydratePaths(parent, path.slice(1), (data as ResultMap)[head], result);
    parent.pop();
  }
}

function downstreamServiceError(original: GraphQLFormattedError, serviceName: string, pathOf: (path: ErrorPath) => ErrorPath): GraphQLError {
  const message = original.message || `Error while fetching subquery from service "${serviceName}"`;
  const options: GraphQLErrorOptions = {
    originalError: original as Error,
    path: pathOf(original.path),
    // The serviceName in extensions is what stock adds (its metrics read it); kept for identical answers.
    extensions: { ...original.extensions, serviceName },
  };
  const codeDef = errorCodeDef(original);
  if (!codeDef && original.extensions?.code) return new GraphQLError(message, options);
  return (codeDef ?? ERRORS.DOWNSTREAM_SERVICE_ERROR).err(message, options);
}

/** The representation of one entity: what `requires` selects of it, or null when an input is missing. */
function selectRequired(schema: GraphQLSchema, source: ResultMap | null, selections: QueryPlanSelectionNode[]): ResultMap | null {
  if (source === null) return null;
  const result: ResultMap = Object.create(null) as ResultMap;
  for (const selection of selections) {
    if (selection.kind === 'Field') {
      const field = selection;
      const name = field.alias ?? field.name;
      // A missing input means the entity was nulled by an error already reported: leave the entity out.
      if (!own(source, name) || source[name] === undefined) return null;
      const value = source[name];
      if (Array.isArray(value)) {
        result[name] = value.map((item: ResultMap | null) => (field.selections ? selectRequired(schema, item, field.selections) : item));
      } else {
        result[name] = field.selections ? selectRequired(schema, value as ResultMap | null, field.selections) : value;
      }
    } else if (selection.typeCondition && isObjectOfType(schema, source, selection.typeCondition)) {
      deepMerge(result, selectRequired(schema, source, selection.selections));
    }
  }
  return result;
}

function moveInto(cursor: Cursor, path: ResponsePath): Cursor | undefined {
  const data = flattenAt(cursor.data, path);
  return data ? { path: cursor.path.concat(path), data: data as ResultMap | ResultMap[], fullResult: cursor.fullResult } : undefined;
}

/**
 * The values at `path` under `value`, every `@` (a list) flattened into one list. A loop over indexes rather than
 * `[head, ...rest]` and `flatMap`: this runs for every Flatten node over every entity, and the copies were garbage.
 */
function flattenAt(value: unknown, path: ResponsePath, from = 0): unknown {
  let current = value;
  for (let i = from; i < path.length; i++) {
    if (current == null) return current;
    const key = path[i];
    if (key === '@') {
      const flattened: unknown[] = [];
      for (const element of current as unknown[]) {
        const inner = flattenAt(element, path, i + 1);
        if (Array.isArray(inner)) for (const item of inner) flattened.push(item);
        else flattened.push(inner);
      }
      return flattened;
    }
    if (typeof key !== 'string' || Array.isArray(current)) throw new Error(`Unexpected value in result for path element ${String(key)}`);
    current = own(current, key) ? (current as ResultMap)[key] : undefined;
  }
  return current;
}
