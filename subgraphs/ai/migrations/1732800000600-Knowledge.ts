import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The knowledge base (knowledge/): documents, and their chunks with an embedding and a hash of the embedded text.
 * Embeddings are `real[]` searched by exact cosine over the tenant's chunks (knowledge/vector-index.ts): pgvector is
 * not installable on this project's PostgreSQL yet. Switching is this table's column to `vector(512)` with an HNSW
 * index (`USING hnsw (embedding vector_cosine_ops)`) and the one query in vector-index.ts. The lexical half uses
 * pg_trgm's word_similarity (no Korean word splitter needed), a function over the tenant's bounded chunks (no index).
 */
export class Knowledge1732800000600 implements MigrationInterface {
  name = 'Knowledge1732800000600';

  async up(runner: QueryRunner): Promise<void> {
    // Where pg_trgm cannot be had (a PostgreSQL without its contrib modules), search runs on vectors alone.
    const [{ available }] = (await runner.query("SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') AS available")) as Array<{ available: boolean }>;
    if (available) await runner.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await runner.query(`
      CREATE TABLE knowledge_documents (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX knowledge_documents_tenant ON knowledge_documents (tenant_id)');
    await runner.query(`
      CREATE TABLE knowledge_chunks (
        tenant_id text NOT NULL,
        document_id uuid NOT NULL REFERENCES knowledge_documents (id) ON DELETE CASCADE,
        position int NOT NULL,
        text text NOT NULL,
        hash text NOT NULL,
        model text NOT NULL,
        embedding real[] NOT NULL,
        PRIMARY KEY (document_id, position)
      )`);
    await runner.query('CREATE INDEX knowledge_chunks_tenant ON knowledge_chunks (tenant_id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE knowledge_chunks');
    await runner.query('DROP TABLE knowledge_documents');
  }
}
