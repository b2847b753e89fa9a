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

export interface SdlRetry {
  /** First wait after a failed attempt; doubles up to maxDelayMs. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** Give up after this long (0: never), so a misconfigured URL still ends start-up with the subgraphs it named. */
  deadlineMs: number;
  /** Told once per round which subgraphs have not answered yet, and why. */
  onWait?: (waiting: Array<{ name: string; url: string; reason: string }>, delayMs: number) => void;
}

/** In compose and Kubernetes the gateway often starts before its subgraphs: it waits for them, with backoff. */
export const DEFAULT_SDL_RETRY: SdlRetry = { initialDelayMs: 250, maxDelayMs: 5_000, deadlineMs: 0 };

/**
 * Asks each subgraph for its SDL (`_service { sdl }`, public by federation's contract), retrying the ones that do
 * not answer yet until every one has, so start-up order does not matter.
 */
export async function fetchSubgraphSdls(
  subgraphs: Array<{ name: string; url: string }>,
  retry: SdlRetry = DEFAULT_SDL_RETRY,
): Promise<SubgraphSdl[]> {
  const found = new Map<string, SubgraphSdl>();
  const started = Date.now();
  for (let delay = retry.initialDelayMs; ; delay = Math.min(delay * 2, retry.maxDelayMs)) {
    const pending = subgraphs.filter((subgraph) => !found.has(subgraph.name));
    const failures = (await Promise.all(pending.map(async (subgraph) => {
      try {
        found.set(subgraph.name, { ...subgraph, sdl: await fetchSdl(subgraph) });
        return null;
      } catch (error) {
        // fetch says only "fetch failed"; the cause (ECONNREFUSED, a timeout) is what an operator needs.
        const cause = (error as Error & { cause?: Error }).cause;
        return { ...subgraph, reason: cause?.message ?? (error as Error).message };
      }
    }))).filter((failure) => failure !== null);
    if (failures.length === 0) return subgraphs.map((subgraph) => found.get(subgraph.name)!);
    if (retry.deadlineMs > 0 && Date.now() - started + delay > retry.deadlineMs) {
      throw new Error(`Subgraphs did not return their SDL: ${failures.map((f) => `${f.name} at ${f.url} (${f.reason})`).join('; ')}`);
    }
    retry.onWait?.(failures, delay);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

async function fetchSdl(subgraph: { name: string; url: string }): Promise<string> {
  const response = await fetch(subgraph.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json().catch(() => ({}))) as { data?: { _service?: { sdl?: string } } };
  const sdl = body.data?._service?.sdl;
  if (!sdl) throw new Error(`no SDL in the answer (HTTP ${response.status})`);
  return sdl;
}
