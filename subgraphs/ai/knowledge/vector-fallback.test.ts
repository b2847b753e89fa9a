// Knowledge search without pgvector: on the real PostgreSQL (which has pgvector) one database is migrated as usual and
// another with KNOWLEDGE_VECTOR=off, which stands for a server without the extension; the same FAQ in both gives the
// same answers, the fallback says so once at start-up, and the migration's `down` undoes either shape. (Where the
// server lacks the extension the migration takes the same early return as with `off`.)
import { Writable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../../platform/config';
import { openDatabase } from '../../../platform/db';
import { createLogger } from '../../../platform/logger';
import { embed as sandboxEmbed } from '../../../sandbox/openai/embeddings';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database';
import { FAQ_DOCUMENTS, FAQ_QUESTIONS } from '../../../test/fixtures/knowledge-faq';
import { Knowledge1732800000600 } from '../migrations/1732800000600-Knowledge';
import { knowledgeVectorMigration, type KnowledgeVectorMode } from '../migrations/1732800000800-KnowledgeVector';
import { KnowledgeBase } from './knowledge-base';
import { EMBEDDING_DIMENSIONS, openVectorIndex, type RankedChunk } from './vector-index';

const TENANT = 'fallback-faq';
const embed = async (_tenant: string, texts: string[]) => texts.map((t) => sandboxEmbed(t, EMBEDDING_DIMENSIONS));
const migrations = (mode: KnowledgeVectorMode) => [Knowledge1732800000600, knowledgeVectorMigration(mode)];

/** A logger whose lines the test reads. */
function capturingLogger() {
  const lines: Array<{ level: number; msg: string }> = [];
  const destination = new Writable({ write(chunk: Buffer, _encoding, done) { lines.push(JSON.parse(chunk.toString())); done(); } });
  return { logger: createLogger('test', 'info', destination), lines, warnings: () => lines.filter((l) => l.level === 40) };
}

async function columnType(db: DataSource): Promise<string> {
  const [row] = await db.query<Array<{ type: string }>>(
    "SELECT format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = 'knowledge_chunks'::regclass AND attname = 'embedding'",
  );
  return row.type;
}
const hnswIndexes = async (db: DataSource) =>
  (await db.query<unknown[]>("SELECT 1 FROM pg_indexes WHERE indexname = 'knowledge_chunks_embedding'")).length;

interface Side { database: TestDatabase; db: DataSource; base: KnowledgeBase; log: ReturnType<typeof capturingLogger> }
const sides: Partial<Record<KnowledgeVectorMode, Side>> = {};

async function open(mode: KnowledgeVectorMode): Promise<Side> {
  const database = await createTestDatabase();
  const db = await openDatabase({ url: database.url, name: 'ai', entities: [], migrations: migrations(mode), poolSize: 2 });
  const log = capturingLogger();
  const base = await KnowledgeBase.open(db, embed, log.logger);
  return { database, db, base, log };
}

beforeAll(async () => {
  for (const mode of ['auto', 'off'] as const) {
    const side = await open(mode);
    sides[mode] = side;
    for (const document of FAQ_DOCUMENTS) await side.base.add(TENANT, 'test', document);
  }
}, 60_000);

afterAll(async () => {
  for (const side of Object.values(sides)) {
    await side.db.destroy();
    await side.database.drop();
  }
});

test('KNOWLEDGE_VECTOR=off keeps embeddings real[] with no HNSW index nor extension; auto makes them vector(512)', async () => {
  const { auto, off } = sides as Required<typeof sides>;
  expect(await columnType(auto.db)).toBe('vector(512)');
  expect(await hnswIndexes(auto.db)).toBe(1);
  expect(await columnType(off.db)).toBe('real[]');
  expect(await hnswIndexes(off.db)).toBe(0);
  expect(await off.db.query("SELECT 1 FROM pg_extension WHERE extname = 'vector'")).toEqual([]);
  expect([auto.base.index.kind, off.base.index.kind]).toEqual(['hnsw', 'exact']);
  expect(loadConfig({ NODE_ENV: 'test', KNOWLEDGE_VECTOR: 'off' }).knowledgeVector).toBe('off');
  expect(loadConfig({ NODE_ENV: 'test' }).knowledgeVector).toBe('auto');
});

/** Chunks named by title and position (document ids are random UUIDs, different in each database). */
async function named(db: DataSource, chunks: RankedChunk[]): Promise<Array<{ key: string; score: number }>> {
  const titles = new Map((await db.query<Array<{ id: string; title: string }>>('SELECT id, title FROM knowledge_documents')).map((r) => [r.id, r.title]));
  return chunks.map((c) => ({ key: `${titles.get(c.documentId)}#${c.position}`, score: c.score }));
}

/** Cosines from float4 components, summed differently by pgvector and by SQL: equal to about 1e-6. */
const SAME_COSINE = 1e-5;

test('the vector ranking is the same with pgvector and with the exact cosine over real[], for every FAQ question', async () => {
  const { auto, off } = sides as Required<typeof sides>;
  for (const { question } of FAQ_QUESTIONS) {
    const [query] = await embed(TENANT, [question]);
    const hnsw = await named(auto.db, await auto.base.index.nearest(TENANT, query, 10));
    const exact = await named(off.db, await off.base.index.nearest(TENANT, query, 10));
    expect(exact).toHaveLength(hnsw.length);
    // The same scores rank by rank, and each chunk the same score in both: orders differ only within ties.
    exact.forEach((c, i) => expect({ question, rank: i, delta: Math.abs(c.score - hnsw[i].score) < SAME_COSINE }).toEqual({ question, rank: i, delta: true }));
    const last = hnsw[hnsw.length - 1].score;
    const hnswScores = new Map(hnsw.map((c) => [c.key, c.score]));
    for (const c of exact) {
      const other = hnswScores.get(c.key);
      // A chunk missing from the other ranking can only be one tied at its last place.
      const delta = other === undefined ? c.score - last : c.score - other;
      expect({ question, chunk: c.key, delta: Math.abs(delta) < SAME_COSINE }).toEqual({ question, chunk: c.key, delta: true });
    }
  }
}, 60_000);

test('vector-only search answers the same on both paths wherever its ranking has no tie', async () => {
  // Vector only: the lexical half is the same code on both paths, and its ties are ordered by document id (a random
  // UUID per database), so that hybrid answers can differ at a tie for reasons that are not the vectors'.
  const { auto, off } = sides as Required<typeof sides>;
  let compared = 0;
  for (const { question } of FAQ_QUESTIONS) {
    const [query] = await embed(TENANT, [question]);
    const scores = (await auto.base.index.nearest(TENANT, query, 4)).map((c) => c.score);
    if (scores.some((score, i) => i > 0 && scores[i - 1] - score < SAME_COSINE)) continue;
    compared++;
    const [withVector, exact] = await Promise.all([auto.base.search(TENANT, question, 3, { lexical: false }), off.base.search(TENANT, question, 3, { lexical: false })]);
    const summary = (hits: typeof exact) => hits.map((h) => ({ title: h.document.title, score: h.score, snippet: h.snippet }));
    expect({ question, hits: summary(exact) }).toEqual({ question, hits: summary(withVector) });
  }
  expect(compared).toBeGreaterThan(FAQ_QUESTIONS.length / 2);
}, 60_000);

test('the fallback warns once, at start-up, naming scripts/install-pgvector.sh; pgvector is said once as info', async () => {
  const { auto, off } = sides as Required<typeof sides>;
  // Searches add nothing to the log: it was said when the knowledge base was opened.
  for (const base of [auto.base, off.base]) await base.search(TENANT, FAQ_QUESTIONS[2].question, 3);
  expect(off.log.warnings()).toHaveLength(1);
  expect(off.log.warnings()[0].msg).toMatch(/scripts\/install-pgvector\.sh/);
  expect(off.log.lines).toHaveLength(1);
  expect(auto.log.warnings()).toEqual([]);
  expect(auto.log.lines).toHaveLength(1);
  expect(auto.log.lines[0].msg).toMatch(/pgvector, HNSW/);
});

test("the migration's down undoes either shape, keeping the chunks, and up converts them again", async () => {
  for (const mode of ['auto', 'off'] as const) {
    const { db } = sides[mode]!;
    const before = await db.query<Array<{ embedding: number[] }>>('SELECT embedding::real[] AS embedding FROM knowledge_chunks ORDER BY document_id, position');
    await db.undoLastMigration({ transaction: 'each' });
    expect(await columnType(db)).toBe('real[]');
    expect(await hnswIndexes(db)).toBe(0);
    expect(await db.query('SELECT embedding FROM knowledge_chunks ORDER BY document_id, position')).toEqual(before);
    // A database left real[] searches by the exact cosine, whatever the server has.
    expect((await openVectorIndex(db, createLogger('test', 'silent'))).kind).toBe('exact');
    await db.runMigrations({ transaction: 'each' });
    expect(await columnType(db)).toBe(mode === 'auto' ? 'vector(512)' : 'real[]');
    expect(await hnswIndexes(db)).toBe(mode === 'auto' ? 1 : 0);
  }
  const { auto, off } = sides as Required<typeof sides>;
  const question = FAQ_QUESTIONS[1].question;
  const titles = async (base: KnowledgeBase) => (await base.search(TENANT, question, 3)).map((h) => h.document.title);
  expect(await titles(off.base)).toEqual(await titles(auto.base));
}, 60_000);
