import type { MigrationInterface, QueryRunner } from 'typeorm';

/** KNOWLEDGE_VECTOR (platform/config.ts): `auto` uses pgvector where the server has it, `off` keeps `real[]` regardless. */
export type KnowledgeVectorMode = 'auto' | 'off';

const EMBEDDING_TYPE_SQL =
  "SELECT format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = 'knowledge_chunks'::regclass AND attname = 'embedding'";

/**
 * Chunk embeddings move from `real[]` (exact cosine over the tenant's chunks) to pgvector where the server has it:
 * `vector(512)` with an HNSW index on cosine distance (512: knowledge/vector-index.ts's EMBEDDING_DIMENSIONS when this
 * was written). Where it does not (or with KNOWLEDGE_VECTOR=off) the column stays `real[]` and nothing else happens:
 * knowledge search still works, by the exact cosine, and the AI subgraph says so at start-up (vector-index.ts reads
 * the column's type). Embedded PGlite loads its build of pgvector (platform/db.ts).
 */
export class KnowledgeVector1732800000800 implements MigrationInterface {
  name = 'KnowledgeVector1732800000800';
  protected readonly mode: KnowledgeVectorMode = 'auto';

  async up(runner: QueryRunner): Promise<void> {
    if (this.mode === 'off') return;
    const [{ available }] = (await runner.query("SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') AS available")) as Array<{ available: boolean }>;
    if (!available) return;
    await runner.query('CREATE EXTENSION IF NOT EXISTS vector');
    await runner.query(`ALTER TABLE knowledge_chunks ALTER COLUMN embedding TYPE vector(512) USING embedding::vector(512)`);
    // pgvector's defaults (m = 16, ef_construction = 64); recall at query time is hnsw.ef_search's (vector-index.ts).
    await runner.query('CREATE INDEX knowledge_chunks_embedding ON knowledge_chunks USING hnsw (embedding vector_cosine_ops)');
  }

  /** Undoes what `up` did, whichever it was (read from the column, not from today's mode or server). */
  async down(runner: QueryRunner): Promise<void> {
    const [column] = (await runner.query(EMBEDDING_TYPE_SQL)) as Array<{ type: string }>;
    if (!column?.type.startsWith('vector')) return;
    await runner.query('DROP INDEX IF EXISTS knowledge_chunks_embedding');
    await runner.query('ALTER TABLE knowledge_chunks ALTER COLUMN embedding TYPE real[] USING embedding::real[]');
    // The extension stays: other objects of the database may use it, and `CREATE EXTENSION IF NOT EXISTS` may not have created it.
  }
}

/** The migration for a mode: with `off`, the same migration (same name, same place in the history) that keeps `real[]`. */
export function knowledgeVectorMigration(mode: KnowledgeVectorMode): typeof KnowledgeVector1732800000800 {
  if (mode === 'auto') return KnowledgeVector1732800000800;
  return class KnowledgeVectorOff extends KnowledgeVector1732800000800 {
    protected readonly mode: KnowledgeVectorMode = 'off';
  };
}
