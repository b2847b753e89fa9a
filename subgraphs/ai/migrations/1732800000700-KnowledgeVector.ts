import type { MigrationInterface, QueryRunner } from 'typeorm';

export const PGVECTOR_MISSING =
  'The knowledge base needs the pgvector extension ("vector"), which this PostgreSQL does not have: install it with ' +
  'scripts/install-pgvector.sh (builds vendor/pgvector against postgresql-server-dev-15), or use a PostgreSQL image ' +
  'with pgvector (pgvector/pgvector:pg16, as docker-compose.yml does)';

/**
 * Chunk embeddings move from `real[]` (exact cosine over the tenant's chunks) to pgvector: `vector(512)` with an HNSW
 * index on cosine distance (512: knowledge/vector-index.ts's EMBEDDING_DIMENSIONS when this was written), searched by `ORDER BY embedding <=> $q` (knowledge/vector-index.ts). Without pgvector the
 * migration stops with PGVECTOR_MISSING, before anything changes: one storage and one query in every mode, rather
 * than a second, slower path that would run only where nobody looks. Embedded PGlite loads its build of pgvector
 * (platform/db.ts).
 */
export class KnowledgeVector1732800000700 implements MigrationInterface {
  name = 'KnowledgeVector1732800000700';

  async up(runner: QueryRunner): Promise<void> {
    const [{ available }] = (await runner.query("SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') AS available")) as Array<{ available: boolean }>;
    if (!available) throw new Error(PGVECTOR_MISSING);
    await runner.query('CREATE EXTENSION IF NOT EXISTS vector');
    await runner.query(`ALTER TABLE knowledge_chunks ALTER COLUMN embedding TYPE vector(512) USING embedding::vector(512)`);
    // pgvector's defaults (m = 16, ef_construction = 64); recall at query time is hnsw.ef_search's (vector-index.ts).
    await runner.query('CREATE INDEX knowledge_chunks_embedding ON knowledge_chunks USING hnsw (embedding vector_cosine_ops)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX knowledge_chunks_embedding');
    await runner.query('ALTER TABLE knowledge_chunks ALTER COLUMN embedding TYPE real[] USING embedding::real[]');
  }
}
