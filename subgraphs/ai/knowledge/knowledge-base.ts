// The tenant's knowledge base: documents cut into chunks (chunking.ts), each chunk embedded once per text (an
// update re-embeds only chunks whose hash changed), and hybrid search: the vector ranking (vector-index.ts: pgvector's
// HNSW, or an exact cosine where pgvector is missing) and a lexical ranking (pg_trgm word similarity: character trigrams, so Korean needs no word splitter) fused
// by reciprocal rank fusion, best chunk per document. Every statement is scoped to the tenant.
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { badUserInput, notFound } from '../../../platform/errors';
import type { Logger } from '../../../platform/logger';
import { chunkDocument, type Chunk } from './chunking';
import { EMBEDDING_MODEL, type Embed } from './embedder';
import { MAX_CHUNKS_PER_TENANT, openVectorIndex, toSqlArray, type RankedChunk, type VectorIndex } from './vector-index';

export const MAX_TITLE_CHARS = 200;
export const MAX_BODY_CHARS = 100_000;
export const MAX_QUERY_CHARS = 1_000;
export const MAX_SEARCH_FIRST = 20;
/** How many chunks each half ranks before fusion, and RRF's k (the usual 60). */
const CANDIDATES = 50;
const RRF_K = 60;
/** Chunks less similar than this to the question are not lexical candidates. */
const MIN_WORD_SIMILARITY = 0.5;
const MAX_QUERY_WORDS = 32;
const SNIPPET_CHARS = 200;

export interface KnowledgeDocumentRow {
  id: string;
  title: string;
  body: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface KnowledgeHit {
  score: number;
  document: KnowledgeDocumentRow;
  snippet: string;
}

export interface SearchOptions {
  /** The lexical half (default on); off, the ranking is the vector's alone (the benchmark compares both). */
  lexical?: boolean;
}

interface DocumentRecord { id: string; title: string; body: string; created_at: Date; updated_at: Date }
const toRow = (r: DocumentRecord): KnowledgeDocumentRow => ({ id: r.id, title: r.title, body: r.body, createdAt: r.created_at, updatedAt: r.updated_at });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checkText(value: string, field: string, max: number): string {
  const text = value.trim();
  if (!text) throw badUserInput(`"${field}" must not be empty`, field);
  if (text.length > max) throw badUserInput(`"${field}" must be at most ${max} characters, but has ${text.length}`, field);
  return text;
}

function snippetOf(text: string): string {
  return text.length <= SNIPPET_CHARS ? text : `${text.slice(0, SNIPPET_CHARS - 1).trimEnd()}…`;
}

export class KnowledgeBase {
  private trigrams: Promise<boolean> | null = null;

  constructor(private readonly db: DataSource, private readonly embed: Embed, readonly index: VectorIndex) {}

  /** The knowledge base over a migrated database, with the vector index its embedding column calls for (logged once). */
  static async open(db: DataSource, embed: Embed, logger: Logger): Promise<KnowledgeBase> {
    return new KnowledgeBase(db, embed, await openVectorIndex(db, logger));
  }

  async add(tenantId: string, actor: string, input: { title: string; body: string }): Promise<KnowledgeDocumentRow> {
    const title = checkText(input.title, 'input.title', MAX_TITLE_CHARS);
    const body = checkText(input.body, 'input.body', MAX_BODY_CHARS);
    const chunks = chunkDocument(title, body, EMBEDDING_MODEL);
    await this.checkCapacity(tenantId, chunks.length, null);
    const vectors = await this.embed(tenantId, chunks.map((c) => c.embedded));
    const id = randomUUID();
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<DocumentRecord[]>(
        `INSERT INTO knowledge_documents (id, tenant_id, title, body, created_by) VALUES ($1, $2, $3, $4, $5)
         RETURNING id, title, body, created_at, updated_at`,
        [id, tenantId, title, body, actor],
      );
      await insertChunks(tx, tenantId, id, chunks, chunks.map((_, i) => vectors[i]));
      return toRow(row);
    });
  }

  async update(tenantId: string, id: string, input: { title?: string | null; body?: string | null }): Promise<KnowledgeDocumentRow> {
    const current = await this.document(tenantId, id);
    if (!current) throw notFound('Knowledge document', id);
    const title = input.title == null ? current.title : checkText(input.title, 'input.title', MAX_TITLE_CHARS);
    const body = input.body == null ? current.body : checkText(input.body, 'input.body', MAX_BODY_CHARS);
    const chunks = chunkDocument(title, body, EMBEDDING_MODEL);
    await this.checkCapacity(tenantId, chunks.length, id);
    // Chunks whose embedded text is unchanged keep their vector; only the others are embedded.
    const stored = await this.db.query<Array<{ hash: string; embedding: number[] }>>('SELECT hash, embedding::real[] AS embedding FROM knowledge_chunks WHERE tenant_id = $1 AND document_id = $2', [tenantId, id]);
    const known = new Map(stored.map((r) => [r.hash, r.embedding]));
    const missing = [...new Map(chunks.filter((c) => !known.has(c.hash)).map((c) => [c.hash, c])).values()];
    const fresh = await this.embed(tenantId, missing.map((c) => c.embedded));
    missing.forEach((c, i) => known.set(c.hash, fresh[i]));
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<[DocumentRecord[], number]>(
        `UPDATE knowledge_documents SET title = $3, body = $4, updated_at = now() WHERE tenant_id = $1 AND id = $2
         RETURNING id, title, body, created_at, updated_at`,
        [tenantId, id, title, body],
      );
      const row = rows[0][0];
      if (!row) throw notFound('Knowledge document', id); // deleted meanwhile
      await tx.query('DELETE FROM knowledge_chunks WHERE tenant_id = $1 AND document_id = $2', [tenantId, id]);
      await insertChunks(tx, tenantId, id, chunks, chunks.map((c) => known.get(c.hash)!));
      return toRow(row);
    });
  }

  async delete(tenantId: string, id: string): Promise<void> {
    if (!UUID.test(id)) throw notFound('Knowledge document', id);
    const [, count] = await this.db.query<[unknown, number]>('DELETE FROM knowledge_documents WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
    if (!count) throw notFound('Knowledge document', id);
  }

  async document(tenantId: string, id: string): Promise<KnowledgeDocumentRow | null> {
    if (!UUID.test(id)) return null;
    const rows = await this.db.query<DocumentRecord[]>(
      'SELECT id, title, body, created_at, updated_at FROM knowledge_documents WHERE tenant_id = $1 AND id = $2',
      [tenantId, id],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  async search(tenantId: string, rawQuery: string, first: number, options: SearchOptions = {}): Promise<KnowledgeHit[]> {
    const query = checkText(rawQuery, 'query', MAX_QUERY_CHARS);
    if (!Number.isInteger(first) || first < 1 || first > MAX_SEARCH_FIRST) {
      throw badUserInput(`"first" must be between 1 and ${MAX_SEARCH_FIRST}, but got ${first}`, 'first');
    }
    const lexical = (options.lexical ?? true) && (await this.hasTrigrams());
    const [[vector], lexicalRanks] = await Promise.all([
      this.embed(tenantId, [query]),
      lexical ? this.lexicalRanks(tenantId, query) : Promise.resolve([]),
    ]);
    const vectorRanks = await this.index.nearest(tenantId, vector, CANDIDATES);
    // Reciprocal rank fusion, normalised so that first place in every ranking used scores 1.
    const fused = new Map<string, { documentId: string; position: number; score: number }>();
    const rankings = lexical ? [vectorRanks, lexicalRanks] : [vectorRanks];
    for (const ranking of rankings) {
      ranking.forEach((chunk, rank) => {
        const key = `${chunk.documentId}:${chunk.position}`;
        const entry = fused.get(key) ?? { documentId: chunk.documentId, position: chunk.position, score: 0 };
        entry.score += 1 / (RRF_K + rank + 1) / (rankings.length / (RRF_K + 1));
        fused.set(key, entry);
      });
    }
    const best = new Map<string, { documentId: string; position: number; score: number }>();
    for (const entry of fused.values()) {
      const seen = best.get(entry.documentId);
      if (!seen || entry.score > seen.score) best.set(entry.documentId, entry);
    }
    const top = [...best.values()].sort((a, b) => b.score - a.score || a.documentId.localeCompare(b.documentId)).slice(0, first);
    if (!top.length) return [];
    const rows = await this.db.query<Array<DocumentRecord & { position: number; text: string }>>(
      `SELECT d.id, d.title, d.body, d.created_at, d.updated_at, c.position, c.text
         FROM knowledge_documents d JOIN knowledge_chunks c ON c.document_id = d.id
         JOIN unnest($2::uuid[], $3::int[]) AS wanted (document_id, position) ON wanted.document_id = c.document_id AND wanted.position = c.position
        WHERE d.tenant_id = $1`,
      [tenantId, top.map((t) => t.documentId), top.map((t) => t.position)],
    );
    const byDocument = new Map(rows.map((r) => [r.id, r]));
    return top.flatMap((t) => {
      const row = byDocument.get(t.documentId);
      return row ? [{ score: Math.round(t.score * 10_000) / 10_000, document: toRow(row), snippet: snippetOf(row.text) }] : [];
    });
  }

  /**
   * Each word of the question (Korean words carry particles and endings: 점심시간에도) is matched by trigram word
   * similarity against the chunk's title and text, where the best-matching stretch of it counts (점심시간에도 finds
   * 점심시간 at 0.57); a chunk's score is the sum over the words that match at least MIN_WORD_SIMILARITY.
   */
  private async lexicalRanks(tenantId: string, query: string): Promise<RankedChunk[]> {
    const words = [...new Set(query.toLowerCase().match(/[\p{L}\p{N}/]{2,}/gu) ?? [])].slice(0, MAX_QUERY_WORDS);
    if (!words.length) return [];
    const rows = await this.db.query<Array<{ document_id: string; position: number; score: number }>>(
      `SELECT c.document_id, c.position, sum(w.score) AS score
         FROM knowledge_chunks c JOIN knowledge_documents d ON d.id = c.document_id
         CROSS JOIN LATERAL (SELECT word_similarity(word, d.title || ' ' || c.text) AS score FROM unnest($2::text[]) AS word) w
        WHERE c.tenant_id = $1 AND d.tenant_id = $1 AND w.score >= $3
        GROUP BY c.document_id, c.position
        ORDER BY score DESC, c.document_id, c.position
        LIMIT $4`,
      [tenantId, words, MIN_WORD_SIMILARITY, CANDIDATES],
    );
    return rows.map((r) => ({ documentId: r.document_id, position: r.position, score: Number(r.score) }));
  }

  /** pg_trgm comes with PostgreSQL's contrib modules and embedded PGlite (platform/db.ts); without it, vectors alone. */
  private hasTrigrams(): Promise<boolean> {
    this.trigrams ??= this.db
      .query<Array<{ present: boolean }>>("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') AS present")
      .then(([row]) => row.present)
      .catch(() => {
        this.trigrams = null;
        return false;
      });
    return this.trigrams;
  }

  /** The lexical scan (and the exact vector scan without pgvector) is bounded: a tenant keeps at most MAX_CHUNKS_PER_TENANT chunks. */
  private async checkCapacity(tenantId: string, adding: number, replacing: string | null): Promise<void> {
    const [{ count }] = await this.db.query<Array<{ count: number }>>(
      'SELECT count(*)::int AS count FROM knowledge_chunks WHERE tenant_id = $1 AND ($2::uuid IS NULL OR document_id <> $2::uuid)',
      [tenantId, replacing],
    );
    if (count + adding > MAX_CHUNKS_PER_TENANT) {
      throw badUserInput(
        `The knowledge base holds at most ${MAX_CHUNKS_PER_TENANT} chunks per tenant; it has ${count} and this document needs ${adding}`,
        'input.body',
      );
    }
  }
}

// Written as real[] whichever shape the column has: pgvector's real[] → vector cast applies on assignment.
async function insertChunks(tx: { query(sql: string, params: unknown[]): Promise<unknown> }, tenantId: string, documentId: string, chunks: Chunk[], vectors: number[][]): Promise<void> {
  if (!chunks.length) return;
  await tx.query(
    `INSERT INTO knowledge_chunks (tenant_id, document_id, position, text, hash, model, embedding)
     SELECT $1, $2, position, text, hash, $3, embedding::real[]
       FROM unnest($4::int[], $5::text[], $6::text[], $7::text[]) AS c (position, text, hash, embedding)`,
    [tenantId, documentId, EMBEDDING_MODEL, chunks.map((c) => c.position), chunks.map((c) => c.text), chunks.map((c) => c.hash), vectors.map(toSqlArray)],
  );
}
