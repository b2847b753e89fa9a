// The one place that knows how chunk embeddings are stored and compared: pgvector's `vector(512)` with an HNSW index
// on cosine distance (migration 1732800000700), searched by `ORDER BY embedding <=> $q` so that the index is used.
// The tenant filter is applied to what the index returns, so an index scan alone could starve a small tenant (its
// chunks few among the first ef_search candidates); iterative scans (pgvector ≥ 0.8) keep scanning until the LIMIT
// is met with the tenant's own chunks, and the planner may as well pick the tenant's b-tree and sort exactly.
import type { DataSource } from 'typeorm';

export const EMBEDDING_DIMENSIONS = 512;
/** The lexical half still reads every chunk of the tenant (word_similarity has no index): bounded, refused beyond with BAD_USER_INPUT. */
export const MAX_CHUNKS_PER_TENANT = 20_000;
/** HNSW's candidate list per scan step (pgvector's default is 40): above the search's CANDIDATES, for recall. */
export const HNSW_EF_SEARCH = 100;

export interface RankedChunk {
  documentId: string;
  position: number;
  score: number;
}

export interface VectorIndex {
  nearest(tenantId: string, query: number[], limit: number): Promise<RankedChunk[]>;
}

/** pgvector's text form, `[0.1,0.2,…]`; a non-finite component (never from OpenAI) becomes 0 rather than an error. */
export const toSqlVector = (vector: number[]) => `[${vector.map((v) => (Number.isFinite(v) ? v : 0)).join(',')}]`;

/** The nearest-chunks query, exported so that a test can EXPLAIN exactly what runs. $1 tenant, $2 vector, $3 limit. */
export const NEAREST_SQL = `SELECT document_id, position, 1 - (embedding <=> $2::vector) AS score
    FROM knowledge_chunks
   WHERE tenant_id = $1
   ORDER BY embedding <=> $2::vector
   LIMIT $3`;

/** Transaction-local settings for NEAREST_SQL: a wider candidate list, and iterative scans in exact distance order. */
export const HNSW_SETTINGS_SQL = `SELECT set_config('hnsw.ef_search', '${HNSW_EF_SEARCH}', true), set_config('hnsw.iterative_scan', 'strict_order', true)`;

export class HnswCosineIndex implements VectorIndex {
  constructor(private readonly db: DataSource) {}

  async nearest(tenantId: string, query: number[], limit: number): Promise<RankedChunk[]> {
    const rows = await this.db.transaction(async (tx) => {
      await tx.query(HNSW_SETTINGS_SQL);
      return tx.query<Array<{ document_id: string; position: number; score: number }>>(NEAREST_SQL, [tenantId, toSqlVector(query), limit]);
    });
    return rows.map((r) => ({ documentId: r.document_id, position: r.position, score: Number(r.score) }));
  }
}
