// Knowledge search quality and latency on our Korean FAQ (test/fixtures/knowledge-faq.ts: 30 documents, 30
// questions phrased differently): recall@3 (the answering document among the first three) and p95 latency, hybrid
// (vector + pg_trgm, fused) against the vector half alone. Both are measured on the knowledge base in this process,
// against the stack's database and the sandbox's embeddings through the key resolver (the lexical half cannot be
// turned off from GraphQL); the hybrid search is measured through the gateway as well.
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import type { TestStack } from '../test/helpers/stack';
import { FAQ_DOCUMENTS, FAQ_QUESTIONS, FAQ_TERM_QUESTIONS, type FaqQuestion } from '../test/fixtures/knowledge-faq';
import { KnowledgeBase } from '../subgraphs/ai/knowledge/knowledge-base';
import { keyringEmbedder } from '../subgraphs/ai/knowledge/embedder';
import { createLogger } from '../platform/logger';
import { percentile } from './harness';

export interface KnowledgeModeResult { mode: string; set: string; questions: number; recallAt3: number; recallAt1: number; p50Ms: number; p95Ms: number; misses: string[] }

const ROUNDS = 5;

async function timed<T>(latencies: number[], run: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const result = await run();
  latencies.push(performance.now() - t0);
  return result;
}

const SETS: Array<[string, FaqQuestion[]]> = [['paraphrased', FAQ_QUESTIONS], ['terms', FAQ_TERM_QUESTIONS]];

function summary(mode: string, set: string, questions: FaqQuestion[], latencies: number[], ranked: string[][]): KnowledgeModeResult {
  latencies.sort((a, b) => a - b);
  const at = (k: number) => ranked.filter((titles, i) => titles.slice(0, k).includes(questions[i].answer)).length / questions.length;
  return {
    mode,
    set,
    questions: questions.length,
    recallAt3: Math.round(at(3) * 1000) / 1000,
    recallAt1: Math.round(at(1) * 1000) / 1000,
    p50Ms: Math.round(percentile(latencies, 50) * 100) / 100,
    p95Ms: Math.round(percentile(latencies, 95) * 100) / 100,
    misses: questions.filter((q, i) => !ranked[i].slice(0, 3).includes(q.answer)).map((q) => `${q.question} → ${ranked[questions.indexOf(q)]?.[0] ?? '-'}`),
  };
}

export async function benchKnowledge(stack: TestStack, tenant: string): Promise<{ knowledge: KnowledgeModeResult[] }> {
  const operator = await stack.token(tenant, ['operator']);
  // The key resolver paces the tenant's OpenAI key at its tier's 500 requests a minute: one search a ~133 ms.
  // The benchmark measures search, not that pacing, so its key may go faster.
  const admin = await stack.token(tenant, ['admin']);
  const keys = await stack.request<{ apiKeys: Array<{ id: string; provider: string }> }>('{ apiKeys { id provider } }', {}, admin);
  for (const key of keys.data!.apiKeys.filter((k) => k.provider === 'OPENAI')) {
    await stack.request('mutation ($id: ID!) { updateApiKey(id: $id, input: { ratePerSecond: 10000, rateBurst: 10000 }) { id } }', { id: key.id }, admin);
  }
  for (const document of FAQ_DOCUMENTS) {
    const added = await stack.request('mutation ($input: KnowledgeDocumentInput!) { addKnowledgeDocument(input: $input) { id } }', { input: document }, operator);
    if (added.errors) throw new Error(`adding "${document.title}" failed: ${added.errors[0].message}`);
  }
  const db = new DataSource({ type: 'postgres', url: stack.database.url, extra: { max: 2 } });
  await db.initialize();
  try {
    const base = await KnowledgeBase.open(db, keyringEmbedder(stack.keyring, stack.config.providers.baseUrls.openai), createLogger('bench', 'silent'));
    const results: KnowledgeModeResult[] = [];
    for (const [set, questions] of SETS) {
      for (const lexical of [true, false]) {
        const latencies: number[] = [];
        let ranked: string[][] = [];
        for (let round = 0; round < ROUNDS; round++) {
          ranked = [];
          for (const { question } of questions) {
            const hits = await timed(latencies, () => base.search(tenant, question, 3, { lexical }));
            ranked.push(hits.map((h) => h.document.title));
          }
        }
        results.push(summary(lexical ? 'hybrid (vector + trigram, RRF), in process' : 'vector only, in process', set, questions, latencies, ranked));
      }
      const latencies: number[] = [];
      let ranked: string[][] = [];
      for (let round = 0; round < ROUNDS; round++) {
        ranked = [];
        for (const { question } of questions) {
          const res = await timed(latencies, () =>
            stack.request<{ knowledgeSearch: Array<{ document: { title: string } }> }>('query ($q: String!) { knowledgeSearch(query: $q, first: 3) { document { title } } }', { q: question }, operator),
          );
          ranked.push(res.data!.knowledgeSearch.map((h) => h.document.title));
        }
      }
      results.push(summary('hybrid, through the gateway', set, questions, latencies, ranked));
    }
    return { knowledge: results };
  } finally {
    await db.destroy();
  }
}
