// Adapted from the audit's src/subgraph.ts: the same `createSubgraph(name, { typeDefs, resolvers })` the suites call,
// minus graphql-yoga and fets. The schema is built once, on first use; scripts/federation-audit/subgraph-server.ts
// serves it over HTTP at /<suite>/<name>, as the audit's server does.
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type GraphQLSchema } from 'graphql';

export interface AuditSubgraph {
  name: string;
  typeDefs: string;
  schema(): GraphQLSchema;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the suites' resolver maps are untyped upstream
export function createSubgraph(name: string, parameters: { typeDefs: string; resolvers: any }): AuditSubgraph {
  let schema: GraphQLSchema | undefined;
  return {
    name,
    typeDefs: parameters.typeDefs,
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment
    schema: () => (schema ??= buildSubgraphSchema({ typeDefs: parse(parameters.typeDefs), resolvers: parameters.resolvers })),
  };
}
