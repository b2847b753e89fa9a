// The knowledge base on pgvector, one suite on both backends: real PostgreSQL (pgvector built by
// scripts/install-pgvector.sh) and embedded PGlite (its pgvector build). The migration runs, the nearest-chunks
// query uses the HNSW index, a small tenant among a big one's chunks is not starved by the tenant filter, and a
// search finds its answer. The path without pgvector: vector-fallback.test.ts.
import type { DataSource } from 'typeorm';
import { openDatabase, startEmbeddedDatabase } from '../../../platform/db';
import { embed as sandboxEmbed } from '../../../sandbox/openai/embeddings';
import { createTestDatabase } from '../../../test/helpers/database';
import { FAQ_DOCUMENTS, FAQ_QUESTIONS } from '../../../test/fixtures/knowledge-faq';
import { Knowledge1732800000600 } from '../migrations/1732800000600-Knowledge';
import { KnowledgeVector1732800000800 } from '../migrations/1732800000800-KnowledgeVector';
import { createLogger } from '../../../platform/logger';
import { KnowledgeBase } from './knowledge-base';
import { EMBEDDING_DIMENSIONS, HNSW_SETTINGS_SQL, HnswCosineIndex, NEAREST_SQL, toSqlVector } from './vector-index';

const MIGRATIONS = [Knowledge1732800000600, KnowledgeVector1732800000800];
const BIG = 'vector-big';
const SMALL = 'vector-small';
/** Enough that pgvector's cost estimate prefers the HNSW scan to a sequential scan and sort (at 1,750 it does not). */
const BIG_CHUNKS = 2000;
/** The query is big's chunk 0 (component d: sin(1.3 d)); small's chunks point the opposite way, the farthest there is. */
const QUERY = Array.from({ length: EMBEDDING_DIMENSIONS }, (_, k) => Math.sin((k + 1) * 1.3));

interface Backend { name: string; start(): Promise<{ url: string; close(): Promise<void> }> }
const BACKENDS: Backend[] = [
  {
    name: 'PostgreSQL',
    start: async () => {
      const database = await createTestDatabase();
      return { url: database.url, close: database.drop };
    },
  },
  { name: 'embedded PGlite', start: () => startEmbeddedDatabase(null) },
];

/** Deterministic chunks: one document per tenant, vectors built in SQL from `component` (an SQL expression of i, d). */
async function seed(db: DataSource, tenantId: string, count: number, component: string): Promise<void> {
  const [{ id }] = await db.query<Array<{ id: string }>>(
    "INSERT INTO knowledge_documents (id, tenant_id, title, body, created_by) VALUES (gen_random_uuid(), $1, 'seed', 'seed', 'test') RETURNING id",
    [tenantId],
  );
  await db.query(
    `INSERT INTO knowledge_chunks (tenant_id, document_id, position, text, hash, model, embedding)
     SELECT $1, $2, i, 'chunk ' || i, md5(i::text), 'test', ARRAY(SELECT ${component} FROM generate_series(1, ${EMBEDDING_DIMENSIONS}) d)::vector
       FROM generate_series(0, $3 - 1) i`,
    [tenantId, id, count],
  );
}

/** Runs the nearest-chunks query as HnswCosineIndex does, after `setup` in the same transaction; returns plan and rows. */
async function nearestWith(db: DataSource, tenantId: string, setup: string[]): Promise<{ plan: string; positions: number[] }> {
  const runner = db.createQueryRunner();
  await runner.startTransaction();
  try {
    for (const statement of setup) await runner.query(statement);
    const params = [tenantId, toSqlVector(QUERY), 50];
    const explained = (await runner.query(`EXPLAIN ${NEAREST_SQL}`, params)) as Array<{ 'QUERY PLAN': string }>;
    const rows = (await runner.query(NEAREST_SQL, params)) as Array<{ position: number }>;
    return { plan: explained.map((r) => r['QUERY PLAN']).join('\n'), positions: rows.map((r) => r.position) };
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}

describe.each(BACKENDS)('on $name', (backend) => {
  let server: { url: string; close(): Promise<void> };
  let db: DataSource;

  beforeAll(async () => {
    server = await backend.start();
    db = await openDatabase({ url: server.url, name: 'ai', entities: [], migrations: MIGRATIONS, poolSize: 2 });
    // A bulk load, as one would do it: the migration's HNSW index dropped, the rows loaded, the same index built again
    // (building is several times faster than inserting one row at a time into the graph).
    const [{ indexdef }] = await db.query<Array<{ indexdef: string }>>("SELECT indexdef FROM pg_indexes WHERE indexname = 'knowledge_chunks_embedding'");
    await db.query('DROP INDEX knowledge_chunks_embedding');
    await seed(db, BIG, BIG_CHUNKS, 'sin(d * 1.3 + i * 0.7 + i * d * 0.011)');
    await seed(db, SMALL, 3, '-sin(d * 1.3) + 0.05 * cos((i + 1) * d * 0.37)');
    await db.query(indexdef);
    await db.query('ANALYZE knowledge_chunks');
  }, 120_000);

  afterAll(async () => {
    await db?.destroy();
    await server?.close();
  });

  test('the migration makes the embedding a vector(512) with an HNSW index on cosine distance', async () => {
    const [column] = await db.query<Array<{ type: string }>>(
      "SELECT format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = 'knowledge_chunks'::regclass AND attname = 'embedding'",
    );
    expect(column.type).toBe('vector(512)');
    const [index] = await db.query<Array<{ indexdef: string }>>("SELECT indexdef FROM pg_indexes WHERE indexname = 'knowledge_chunks_embedding'");
    expect(index.indexdef).toMatch(/USING hnsw \(embedding vector_cosine_ops\)/);
  });

  test('the nearest-chunks query is answered by the HNSW index', async () => {
    const { plan, positions } = await nearestWith(db, BIG, [HNSW_SETTINGS_SQL]);
    expect(plan).toMatch(/Index Scan using knowledge_chunks_embedding/);
    expect(positions).toHaveLength(50);
    expect(positions[0]).toBe(0); // the query is chunk 0's own vector
  });

  test("a small tenant's chunks among many of another tenant's are all found: iterative scans are not starved by the filter", async () => {
    // Without the tenant's b-tree (dropped in this transaction only) the planner has the HNSW index alone.
    const hnswOnly = ['DROP INDEX knowledge_chunks_tenant', 'SET LOCAL enable_seqscan = off', HNSW_SETTINGS_SQL];
    const iterative = await nearestWith(db, SMALL, hnswOnly);
    expect(iterative.plan).toMatch(/Index Scan using knowledge_chunks_embedding/);
    expect(iterative.positions.sort()).toEqual([0, 1, 2]);
    // The same scan without iterative scans stops at ef_search candidates, all of them the big tenant's.
    const starved = await nearestWith(db, SMALL, [...hnswOnly, "SET LOCAL hnsw.iterative_scan = 'off'"]);
    expect(starved.plan).toMatch(/Index Scan using knowledge_chunks_embedding/);
    expect(starved.positions).toEqual([]);
    // And as the knowledge base asks, whichever plan the planner picks: the three, nearest first.
    const ranked = await new HnswCosineIndex(db).nearest(SMALL, QUERY, 50);
    expect(ranked.map((r) => r.position).sort()).toEqual([0, 1, 2]);
    for (let i = 1; i < ranked.length; i++) expect(ranked[i].score).toBeLessThanOrEqual(ranked[i - 1].score);
  });

  test('documents added through the knowledge base are found by a paraphrased question', async () => {
    const tenant = 'vector-faq';
    const base = await KnowledgeBase.open(db, async (_tenant, texts) => texts.map((t) => sandboxEmbed(t, EMBEDDING_DIMENSIONS)), createLogger('test', 'silent'));
    expect(base.index.kind).toBe('hnsw');
    for (const document of FAQ_DOCUMENTS) await base.add(tenant, 'test', document);
    const question = FAQ_QUESTIONS.find((q) => q.answer === '환불 처리 기간')!;
    const hits = await base.search(tenant, question.question, 3);
    expect(hits.map((h) => h.document.title)).toContain('환불 처리 기간');
    expect((await base.search(BIG, question.question, 3)).map((h) => h.document.title)).not.toContain('환불 처리 기간');
  }, 60_000);
});
