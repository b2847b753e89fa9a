// Federated subscriptions, the planning half. The query planner turns a subscription into a `Subscription` node: a
// primary fetch (the root field, sent to the subgraph that owns it) and the rest of the plan (entity fetches from
// the other subgraphs). @apollo/gateway plans this but refuses to execute it; we execute it per event: the
// event's data stands in for the primary fetch's answer, and Apollo's own executeQueryPlan runs the rest, so a
// secondary subgraph's failure nulls its fields with an error exactly as it would in a query.
import { executeQueryPlan, buildOperationContext, type GraphQLDataSource, type ServiceMap } from '@apollo/gateway';
import { Supergraph, operationFromDocument, type Schema } from '@apollo/federation-internals';
import { QueryPlanner, type FetchNode, type PlanNode, type QueryPlan } from '@apollo/query-planner';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import type { DocumentNode, ExecutionResult, GraphQLSchema } from 'graphql';
import type { Logger } from '../../platform/logger';

export interface SubscriptionPlan {
  /** The owning subgraph and the operation to subscribe with there. */
  primary: FetchNode;
  /** What each event still needs from other subgraphs (absent when the owner answers every field). */
  rest?: PlanNode;
  document: DocumentNode;
  operationName?: string;
}

export class SubscriptionPlanner {
  apiSchema!: Schema;
  /** The public schema subscriptions are validated against (the supergraph minus @inaccessible). */
  schema!: GraphQLSchema;
  private supergraphSchema!: GraphQLSchema;
  private planner!: QueryPlanner;
  private readonly plans = new Map<string, SubscriptionPlan>();

  constructor(supergraphSdl: string) {
    this.replace(supergraphSdl);
  }

  /** Plans from now on against a new supergraph (the standalone gateway reloaded its file); throws, changing nothing, on a bad one. */
  replace(supergraphSdl: string): void {
    const supergraph = Supergraph.build(supergraphSdl);
    const apiSchema = supergraph.apiSchema();
    const schema = apiSchema.toGraphQLJSSchema();
    const supergraphSchema = supergraph.schema.toGraphQLJSSchema();
    const planner = new QueryPlanner(supergraph);
    Object.assign(this, { apiSchema, schema, supergraphSchema, planner });
    this.plans.clear();
  }

  /** The plan of a validated subscription document; cached by its text and operation name. */
  plan(document: DocumentNode, source: string, operationName?: string): SubscriptionPlan {
    const key = `${operationName ?? ''}\n${source}`;
    const cached = this.plans.get(key);
    if (cached) return cached;
    const operation = operationFromDocument(this.apiSchema, document, { operationName });
    const queryPlan: QueryPlan = this.planner.buildQueryPlan(operation);
    if (queryPlan.node?.kind !== 'Subscription') throw new Error('not a subscription plan');
    const plan = { primary: queryPlan.node.primary, rest: queryPlan.node.rest, document, operationName };
    if (this.plans.size > 1000) this.plans.clear();
    this.plans.set(key, plan);
    return plan;
  }

  /**
   * One event through the rest of the plan: `primaryData` is what the owning subgraph sent for this event;
   * `services` are the data sources of the other subgraphs (carrying the subscriber's identity).
   */
  async resolveEvent<TContext extends Record<string, unknown>>(
    plan: SubscriptionPlan,
    primaryData: Record<string, unknown>,
    services: ServiceMap,
    variables: Record<string, unknown>,
    context: TContext,
    logger: Logger,
  ): Promise<ExecutionResult> {
    // The primary fetch answers from the event instead of a request; a copy, because the plan merges into it. It
    // runs first (the Sequence below); later fetches to the same subgraph (an entity fetch for a field that
    // @requires fields of another subgraph) are real requests.
    const owner = services[plan.primary.serviceName];
    let primaryAnswered = false;
    const eventSource: GraphQLDataSource = {
      process: async (request) => {
        if (!primaryAnswered) {
          primaryAnswered = true;
          return { data: structuredClone(primaryData) };
        }
        if (!owner) throw new Error(`no subgraph named ${plan.primary.serviceName}`);
        return owner.process(request);
      },
    };
    const node: PlanNode = plan.rest ? { kind: 'Sequence', nodes: [plan.primary, plan.rest] } : plan.primary;
    const operationContext = buildOperationContext({ schema: this.schema, operationDocument: plan.document, operationName: plan.operationName });
    const requestContext = {
      request: { variables },
      context,
      metrics: {},
      logger: { debug: () => undefined, info: () => undefined, warn: (m: unknown) => logger.warn(String(m)), error: (m: unknown) => logger.error(String(m)) },
    } as unknown as GatewayGraphQLRequestContext;
    const result = await executeQueryPlan(
      { kind: 'QueryPlan', node },
      { ...services, [plan.primary.serviceName]: eventSource },
      requestContext,
      operationContext,
      this.supergraphSchema,
      this.apiSchema,
    );
    return { data: result.data as ExecutionResult['data'], errors: result.errors };
  }
}
