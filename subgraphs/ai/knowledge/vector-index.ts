// The one place that knows how chunk embeddings are stored and compared. Today: `real[]` and an exact cosine
// (dot product of unit vectors) over the tenant's chunks, bounded by MAX_CHUNKS_PER_TENANT. With pgvector: the
// column becomes vector(512) with an HNSW index and `nearest` becomes
// `ORDER BY embedding <=> $2::vector LIMIT $3` (one migration and this query; nothing else changes).
import type { DataSource, EntityManager } from 'typeorm';

export const EMBEDDING_DIMENSIONS = 512;
/** The exact scan reads every chunk of the tenant: bounded, and refused beyond with BAD_USER_INPUT. */
export const MAX_CHUNKS_PER_TENANT = 20_000;

export interface RankedChunk {
  documentId: string;
  position: number;
  score: number;
}

export interface VectorIndex {
  nearest(tenantId: string, query: number[], limit: number): Promise<RankedChunk[]>;
}

export const toSqlVector = (vector: number[]) => `{${vector.map((v) => (Number.isFinite(v) ? v : 0)).join(',')}}`;

export class ArrayCosineIndex implements VectorIndex {
  constructor(private readonly db: DataSource | EntityManager) {}

  async nearest(tenantId: string, query: number[], limit: number): Promise<RankedChunk[]> {
    const rows: Array<{ document_id: string; position: number; score: number }> = await this.db.query(
      `SELECT document_id, position,
              (SELECT sum(a * b) FROM unnest(embedding, $2::real[]) AS pair (a, b)) AS score
         FROM knowledge_chunks
        WHERE tenant_id = $1
        ORDER BY score DESC NULLS LAST
        LIMIT $3`,
      [tenantId, toSqlVector(query), limit],
    );
    return rows.map((r) => ({ documentId: r.document_id, position: r.position, score: Number(r.score) }));
  }
}
