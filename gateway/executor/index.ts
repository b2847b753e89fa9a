// opsgraph's executor of @apollo/query-planner's plans (GATEWAY_EXECUTOR=opsgraph). It wraps an ApolloGateway as
// the GatewayInterface Apollo Server talks to: `load()` hands out our executor in place of the gateway's own, and
// anything this executor does not do (Defer and Subscription plans, introspection, traces for usage reporting, the
// query-plan debug header) goes to the stock executor. Per operation (document hash + operation name, per schema)
// the plan and the compiled selections are built once and kept in a bounded LRU; per request only the fetches,
// the merge and the shaping run. The planner stays Apollo's: the plan is the same one the stock executor would run.
import { GraphQLError, getVariableValues, Kind, OperationTypeNode, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { ApolloGateway, ServiceMap } from '@apollo/gateway';
import { operationFromDocument, type Schema } from '@apollo/federation-internals';
import type { PlanNode, QueryPlan, QueryPlanner } from '@apollo/query-planner';
import type {
  GatewayExecutionResult, GatewayExecutor, GatewayGraphQLRequestContext, GatewayInterface,
} from '@apollo/server-gateway-interface';
import type { OpenTelemetryConfig } from '@apollo/gateway/dist/utilities/opentelemetry';
import { Lru } from './lru';
import { runNode, type Joiner } from './run-plan';
import { compileOperation, shapeResult, type CompiledOperation } from './shape';
import { failSpan, inSpan, requestContextSpanAttributes, SpanNames } from './spans';

/** The gateway's fields this executor reads; private in @apollo/gateway 2.14's typings, stable in its code. */
interface GatewayInternals {
  schema?: GraphQLSchema;
  apiSchema?: Schema;
  supergraphSchema?: GraphQLSchema;
  queryPlanner?: QueryPlanner;
  serviceMap: Record<string, { dataSource: ServiceMap[string] }>;
  recursiveSelectionsLimitDisabled: boolean;
  nonLocalSelectionsLimitDisabled: boolean;
  config: { debug?: boolean; __exposeQueryPlanExperimental?: boolean; telemetry?: OpenTelemetryConfig };
  experimental_didResolveQueryPlan?: unknown;
}

/** What one operation needs at every request, or 'stock' when the stock executor serves it. */
type Prepared = 'stock' | { operation: OperationDefinitionNode; plan: QueryPlan; compiled: CompiledOperation };

export interface ExecutorOptions {
  /** How many operations keep their plan and compiled selections (GATEWAY_OPERATION_CACHE_SIZE). */
  cacheSize: number;
  /** A query's subgraph call joins an identical one another request of the same identity has in flight (default on). */
  shareFetches?: boolean;
}

/** Plans with these nodes (anywhere) run on the stock executor. */
function onlySupportedNodes(node: PlanNode | undefined): boolean {
  if (!node) return true;
  switch (node.kind) {
    case 'Fetch':
      return true;
    case 'Sequence':
    case 'Parallel':
      return node.nodes.every(onlySupportedNodes);
    case 'Flatten':
      return onlySupportedNodes(node.node);
    case 'Condition':
      return onlySupportedNodes(node.ifClause) && onlySupportedNodes(node.elseClause);
    default:
      return false;
  }
}

/** The operation and its compiled selections, or 'stock' (no such operation, a subscription, introspection). */
function compile(schema: GraphQLSchema, requestContext: GatewayGraphQLRequestContext): 'stock' | { operation: OperationDefinitionNode; compiled: CompiledOperation } {
  const { document, request } = requestContext;
  try {
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const operation = request.operationName ? operations.find((d) => d.name?.value === request.operationName) : operations.length === 1 ? operations[0] : undefined;
    // No such operation, several without a name: stock's error messages, from the stock executor.
    if (!operation || (operation.operation !== OperationTypeNode.QUERY && operation.operation !== OperationTypeNode.MUTATION)) return 'stock';
    const fragments = Object.fromEntries(
      document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
    );
    const compiled = compileOperation(schema, operation, fragments);
    return compiled.hasIntrospection ? 'stock' : { operation, compiled };
  } catch {
    // Whatever the compiler refuses, the stock executor refuses with its own words.
    return 'stock';
  }
}

/** The plan, in stock's `gateway.plan` span; 'stock' for Defer plans and whatever the planner refuses. */
function plan(gateway: GatewayInternals, requestContext: GatewayGraphQLRequestContext, compiled: Exclude<ReturnType<typeof compile>, 'stock'>): Prepared {
  const { document, request } = requestContext;
  const attributes = requestContext.operationName ? { 'graphql.operation.name': requestContext.operationName } : {};
  try {
    const queryPlan = inSpan(SpanNames.PLAN, attributes, gateway.config.telemetry, () => gateway.queryPlanner!.buildQueryPlan(
      operationFromDocument(gateway.apiSchema!, document, { operationName: request.operationName }),
      { recursiveSelectionsLimitDisabled: gateway.recursiveSelectionsLimitDisabled, nonLocalSelectionsLimitDisabled: gateway.nonLocalSelectionsLimitDisabled },
    ));
    return onlySupportedNodes(queryPlan.node as PlanNode | undefined) ? { ...compiled, plan: queryPlan } : 'stock';
  } catch {
    return 'stock';
  }
}

async function execute(gateway: GatewayInternals, prepared: Exclude<Prepared, 'stock'>, requestContext: GatewayGraphQLRequestContext, shareFetches: boolean): Promise<GatewayExecutionResult> {
  const schema = gateway.schema!;
  const { operation, plan, compiled } = prepared;
  const variables = requestContext.request.variables;
  const telemetry = gateway.config.telemetry;
  return inSpan(SpanNames.EXECUTE, {}, telemetry, async () => {
  const serviceMap: ServiceMap = Object.create(null) as ServiceMap;
  for (const [name, { dataSource }] of Object.entries(gateway.serviceMap)) serviceMap[name] = dataSource;
  const errors: Array<GraphQLError | Error> = [];
  const data: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const run = { serviceMap, requestContext, operation, defaults: compiled.defaults, supergraphSchema: gateway.supergraphSchema!, errors, inFlight: new Map<string, Map<string, Joiner[]>>(), telemetry,
    // Only queries: a mutation's call is the caller's own, even when another caller sends the same one.
    shareFetches: shareFetches && operation.operation === OperationTypeNode.QUERY };
  if (plan.node) await runNode(run, plan.node as PlanNode, { path: [], data, fullResult: data });
  return inSpan(SpanNames.POST_PROCESSING, {}, telemetry, (span): GatewayExecutionResult => {
    try {
      const shaped = shapeResult(compiled, schema, data, variables);
      // As stock: value-completion errors go in extensions when the fetches had none, and are dropped otherwise
      // (a fetch error usually explains them; see apollographql/federation#981).
      if (errors.length === 0 && shaped.errors.length > 0) {
        failSpan(span, shaped.errors, telemetry);
        return { extensions: { valueCompletion: shaped.errors }, data: shaped.data };
      }
      return errors.length === 0 ? { data: shaped.data } : { errors: errors as GraphQLError[], data: shaped.data };
    } catch (error) {
      failSpan(span, [error as Error], telemetry);
      if (error instanceof GraphQLError) return { errors: [error] };
      if (error instanceof Error) return { errors: [new GraphQLError(error.message, { originalError: error })] };
      return { errors: [new GraphQLError('Unexpected error during query plan execution')] };
    }
  });
  }, (result) => result.errors);
}

/** Stock's validation of the request's variables, in its `gateway.validate` span. */
function validateVariables(schema: GraphQLSchema, operation: OperationDefinitionNode, requestContext: GatewayGraphQLRequestContext, telemetry: OpenTelemetryConfig | undefined) {
  return inSpan(SpanNames.VALIDATE, {}, telemetry, () => {
    if (!operation.variableDefinitions) return [];
    return getVariableValues(schema, operation.variableDefinitions, requestContext.request.variables ?? {}).errors ?? [];
  }, (errors) => errors);
}

/** How many requests each executor served, and how many operations the cache holds (tests, metrics). */
export interface ExecutorStats { opsgraph: number; stock: number; cached: number }

export function opsgraphExecutor(gateway: ApolloGateway, stock: GatewayExecutor, options: ExecutorOptions, stats: ExecutorStats): GatewayExecutor {
  const internals = gateway as unknown as GatewayInternals;
  const cache = new Lru<string, Prepared>(options.cacheSize);
  let cachedFor: GraphQLSchema | undefined;
  const executor = async (requestContext: GatewayGraphQLRequestContext): Promise<GatewayExecutionResult> => {
    const schema = internals.schema;
    const wantsStock = !schema || requestContext.metrics?.captureTraces || internals.config.debug
      || (internals.config.__exposeQueryPlanExperimental && requestContext.request.http?.headers.get('Apollo-Query-Plan-Experimental'))
      || internals.experimental_didResolveQueryPlan;
    if (wantsStock) return stats.stock++, stock(requestContext);
    // A new supergraph (a reloaded file) invalidates every plan and compiled selection at once.
    if (cachedFor !== schema) {
      cache.clear();
      cachedFor = schema;
    }
    const key = `${requestContext.queryHash}\0${requestContext.request.operationName ?? ''}`;
    const remember = (prepared: Prepared) => {
      cache.set(key, prepared);
      stats.cached = cache.size;
      return prepared;
    };
    const cached = cache.get(key);
    const compiled = cached ?? compile(schema, requestContext);
    if (compiled === 'stock') return remember(compiled), stats.stock++, stock(requestContext);
    // Stock's spans in stock's order: request, then validate, plan (on a cache miss), execute.
    const attributes = { ...requestContextSpanAttributes(requestContext, internals.config.telemetry), 'graphql.operation.type': compiled.operation.operation };
    const answer = await inSpan(SpanNames.REQUEST, attributes, internals.config.telemetry, async (): Promise<GatewayExecutionResult | 'stock'> => {
      const errors = validateVariables(schema, compiled.operation, requestContext, internals.config.telemetry);
      if (errors.length > 0) return { errors };
      const prepared = cached ?? remember(plan(internals, requestContext, compiled));
      return prepared === 'stock' ? 'stock' : execute(internals, prepared, requestContext, options.shareFetches ?? true);
    }, (result) => (result === 'stock' ? undefined : result.errors));
    // A Defer plan, or one the planner refused: the stock executor answers (on later requests without our span).
    if (answer === 'stock') return stats.stock++, stock(requestContext);
    stats.opsgraph++;
    return answer;
  };
  return executor;
}

/** The gateway Apollo Server is given: the same ApolloGateway, with our executor in place of its own. */
export function withOpsgraphExecutor(gateway: ApolloGateway, options: ExecutorOptions): GatewayInterface & { stats: ExecutorStats } {
  const stats: ExecutorStats = { opsgraph: 0, stock: 0, cached: 0 };
  return {
    stats,
    async load(loadOptions) {
      const loaded = await gateway.load(loadOptions);
      return { ...loaded, executor: opsgraphExecutor(gateway, loaded.executor, options, stats) };
    },
    onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
    stop: () => gateway.stop(),
  };
}
