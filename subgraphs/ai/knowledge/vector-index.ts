// The one place that knows how chunk embeddings are compared. Migration 1732800000700 leaves the column in one of two
// shapes, and `openVectorIndex` reads which one once at start-up:
// - `vector(512)` with an HNSW index on cosine distance (pgvector present): `ORDER BY embedding <=> $q`, so that the
//   index is used. The tenant filter is applied to what the index returns, so an index scan alone could starve a small
//   tenant (its chunks few among the first ef_search candidates); iterative scans (pgvector ≥ 0.8) keep scanning until
//   the LIMIT is met with the tenant's own chunks, and the planner may as well pick the tenant's b-tree and sort exactly.
// - `real[]` (no pgvector, or KNOWLEDGE_VECTOR=off): the exact cosine (dot product of unit vectors) over the tenant's
//   chunks, bounded by MAX_CHUNKS_PER_TENANT.
// Chunks are written and read as `real[]` in both shapes (pgvector casts real[] to vector on assignment, and back).
import type { DataSource } from 'typeorm';
import type { Logger } from '../../../platform/logger';

export const EMBEDDING_DIMENSIONS = 512;
/** The lexical half (and the exact vector scan without pgvector) read every chunk of the tenant: bounded, refused beyond with BAD_USER_INPUT. */
export const MAX_CHUNKS_PER_TENANT = 20_000;
/** HNSW's candidate list per scan step (pgvector's default is 40): above the search's CANDIDATES, for recall. */
export const HNSW_EF_SEARCH = 100;

export interface RankedChunk {
  documentId: string;
  position: number;
  score: number;
}

export interface VectorIndex {
  /** `hnsw` (pgvector) or `exact` (real[]), for the start-up log and tests. */
  readonly kind: 'hnsw' | 'exact';
  nearest(tenantId: string, query: number[], limit: number): Promise<RankedChunk[]>;
}

/** PostgreSQL's array text form, `{0.1,0.2,…}`, as chunks are written; a non-finite component (never from OpenAI) becomes 0. */
export const toSqlArray = (vector: number[]) => `{${vector.map((v) => (Number.isFinite(v) ? v : 0)).join(',')}}`;
/** pgvector's text form, `[0.1,0.2,…]`. */
export const toSqlVector = (vector: number[]) => `[${vector.map((v) => (Number.isFinite(v) ? v : 0)).join(',')}]`;

/** The nearest-chunks query on pgvector, exported so that a test can EXPLAIN exactly what runs. $1 tenant, $2 vector, $3 limit. */
export const NEAREST_SQL = `SELECT document_id, position, 1 - (embedding <=> $2::vector) AS score
    FROM knowledge_chunks
   WHERE tenant_id = $1
   ORDER BY embedding <=> $2::vector
   LIMIT $3`;

/** Transaction-local settings for NEAREST_SQL: a wider candidate list, and iterative scans in exact distance order. */
export const HNSW_SETTINGS_SQL = `SELECT set_config('hnsw.ef_search', '${HNSW_EF_SEARCH}', true), set_config('hnsw.iterative_scan', 'strict_order', true)`;

type Row = { document_id: string; position: number; score: number };
const toRanked = (rows: Row[]) => rows.map((r) => ({ documentId: r.document_id, position: r.position, score: Number(r.score) }));

export class HnswCosineIndex implements VectorIndex {
  readonly kind = 'hnsw';
  constructor(private readonly db: DataSource) {}

  async nearest(tenantId: string, query: number[], limit: number): Promise<RankedChunk[]> {
    const rows = await this.db.transaction(async (tx) => {
      await tx.query(HNSW_SETTINGS_SQL);
      return tx.query<Row[]>(NEAREST_SQL, [tenantId, toSqlVector(query), limit]);
    });
    return toRanked(rows);
  }
}

export class ArrayCosineIndex implements VectorIndex {
  readonly kind = 'exact';
  constructor(private readonly db: DataSource) {}

  async nearest(tenantId: string, query: number[], limit: number): Promise<RankedChunk[]> {
    const rows = await this.db.query<Row[]>(
      `SELECT document_id, position,
              (SELECT sum(a * b) FROM unnest(embedding, $2::real[]) AS pair (a, b)) AS score
         FROM knowledge_chunks
        WHERE tenant_id = $1
        ORDER BY score DESC NULLS LAST
        LIMIT $3`,
      [tenantId, toSqlArray(query), limit],
    );
    return toRanked(rows);
  }
}

export const FALLBACK_WARNING =
  'knowledge search: pgvector is not installed here (or KNOWLEDGE_VECTOR=off), so embeddings are real[] searched by ' +
  'exact cosine over each tenant\'s chunks (no HNSW index; slower as a tenant grows). Install it with ' +
  'scripts/install-pgvector.sh (or use a PostgreSQL image with pgvector); a database migrated without it keeps real[] ' +
  'until migration KnowledgeVector1732800000800 is reverted and run again (README, Knowledge base)';

/** Reads the embedding column's type once and picks the index for it, saying which at start-up. */
export async function openVectorIndex(db: DataSource, logger: Logger): Promise<VectorIndex> {
  const [column] = await db.query<Array<{ type: string }>>(
    "SELECT format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = 'knowledge_chunks'::regclass AND attname = 'embedding'",
  );
  if (column?.type.startsWith('vector')) {
    logger.info({ embedding: column.type }, `knowledge search: pgvector, HNSW index on cosine distance (ef_search ${HNSW_EF_SEARCH}, iterative scans)`);
    return new HnswCosineIndex(db);
  }
  logger.warn({ embedding: column?.type }, FALLBACK_WARNING);
  return new ArrayCosineIndex(db);
}
