// Adapted from the audit's src/supergraph.ts: `serve(id, subgraphs, tests)` describes a suite (its subgraphs and its
// cases) instead of registering fets routes; `composeSupergraph` composes it as the audit's /<id>/supergraph does.
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import type { AuditSubgraph } from './subgraph';
import type { AuditCase } from './testkit';

export interface AuditSuite {
  id: string;
  subgraphs: AuditSubgraph[];
  /** The cases, made afresh per run (the mutations suite draws a random id per run). */
  tests(): AuditCase[];
}

export function serve(id: string, subgraphs: AuditSubgraph[], tests: (() => AuditCase[]) | AuditCase[]): AuditSuite {
  const names = new Set<string>();
  for (const subgraph of subgraphs) {
    if (names.has(subgraph.name)) throw new Error(`Duplicate subgraph name ${subgraph.name}`);
    names.add(subgraph.name);
  }
  return { id, subgraphs, tests: () => (Array.isArray(tests) ? tests : tests()) };
}

/** The suite's supergraph SDL, each subgraph at `urlOf(name)`. */
export function composeSupergraph(suite: AuditSuite, urlOf: (subgraph: string) => string): string {
  const result = composeServices(suite.subgraphs.map((subgraph) => ({ name: subgraph.name, typeDefs: parse(subgraph.typeDefs), url: urlOf(subgraph.name) })));
  if (!result.supergraphSdl) {
    throw new Error(`${suite.id} does not compose: ${(result.errors ?? []).map((error) => error.message).join('; ')}`);
  }
  return result.supergraphSdl;
}
