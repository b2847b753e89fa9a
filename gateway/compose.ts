// Composes the supergraph from the subgraphs' SDLs with @apollo/composition. A failed composition is reported
// subgraph by subgraph, field by field, as the composer names them.
import { composeServices } from '@apollo/composition';
import { parse, printSchema, Source, type GraphQLError } from 'graphql';

export interface SubgraphSdl { name: string; url: string; sdl: string }

export class CompositionError extends Error {
  constructor(readonly errors: readonly GraphQLError[]) {
    super(`Supergraph composition failed:\n${errors.map(formatCompositionError).join('\n')}`);
  }
}

export function formatCompositionError(error: GraphQLError): string {
  const code = (error.extensions?.code as string | undefined) ?? 'COMPOSITION_ERROR';
  const where = (error.nodes ?? [])
    .map((node) => (node.loc?.source.name && node.loc.source.name !== 'GraphQL request' ? node.loc.source.name : null))
    .filter(Boolean);
  return `  - ${code}: ${error.message}${where.length ? ` (in ${[...new Set(where)].join(', ')})` : ''}`;
}

export function composeSupergraph(subgraphs: SubgraphSdl[]): string {
  return compose(subgraphs).supergraphSdl;
}

/** The schema clients see (no join directives, no @inaccessible fields), for codegen and documentation. */
export function composeApiSchema(subgraphs: SubgraphSdl[]): string {
  return printSchema(compose(subgraphs).schema.toAPISchema().toGraphQLJSSchema());
}

function compose(subgraphs: SubgraphSdl[]) {
  const result = composeServices(
    subgraphs.map((subgraph) => ({ name: subgraph.name, url: subgraph.url, typeDefs: parse(new Source(subgraph.sdl, subgraph.name)) })),
  );
  if (result.errors?.length) throw new CompositionError(result.errors);
  return result as Exclude<typeof result, { errors: unknown }> & { supergraphSdl: string };
}

/** Asks each running subgraph for its SDL (`_service { sdl }`, public by federation's contract). */
export async function fetchSubgraphSdls(subgraphs: Array<{ name: string; url: string }>): Promise<SubgraphSdl[]> {
  return Promise.all(
    subgraphs.map(async (subgraph) => {
      const response = await fetch(subgraph.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ _service { sdl } }' }),
        signal: AbortSignal.timeout(10_000),
      });
      const body = (await response.json()) as { data?: { _service?: { sdl?: string } } };
      const sdl = body.data?._service?.sdl;
      if (!sdl) throw new Error(`Subgraph ${subgraph.name} at ${subgraph.url} did not return its SDL (HTTP ${response.status})`);
      return { ...subgraph, sdl };
    }),
  );
}
