// The knowledge base through the gateway (issue 15): documents added, changed and deleted by operators, searched by
// viewers with hybrid retrieval (the sandbox's embeddings + pg_trgm, fused), on real PostgreSQL and Redis.
import { DataSource } from 'typeorm';
import { DEMO_CREDENTIALS } from '../sandbox/demo';
import { approxTokens } from '../sandbox/openai/embeddings';
import { KnowledgeBase } from '../subgraphs/ai/knowledge/knowledge-base';
import { keyringEmbedder } from '../subgraphs/ai/knowledge/embedder';
import { chunkDocument } from '../subgraphs/ai/knowledge/chunking';
import { createLogger } from '../platform/logger';
import { FAQ_DOCUMENTS } from './fixtures/knowledge-faq';
import { operation, startTestStack, type TestStack } from './helpers/stack';
import { until } from './helpers/subscriptions';

const A = 'knowledge-tenant-a';
const B = 'knowledge-tenant-b';
/** Only the re-embedding test writes here: its usage log holds that test's embeddings alone. */
const C = 'knowledge-tenant-c';
const EMBEDDINGS = 'POST /v1/embeddings';

const ADD = 'mutation ($input: KnowledgeDocumentInput!) { addKnowledgeDocument(input: $input) { id title body createdAt updatedAt } }';
const UPDATE = 'mutation ($id: ID!, $input: KnowledgeDocumentUpdateInput!) { updateKnowledgeDocument(id: $id, input: $input) { id title body } }';
const DELETE = 'mutation ($id: ID!) { deleteKnowledgeDocument(id: $id) }';
const SEARCH = 'query ($query: String!, $first: Int) { knowledgeSearch(query: $query, first: $first) { score document { id title } snippet } }';
const DOCUMENT = 'query ($id: ID!) { knowledgeDocument(id: $id) { id title } }';

interface Hit { score: number; document: { id: string; title: string }; snippet: string }

let stack: TestStack;
let operatorA: string;
let viewerA: string;
let operatorB: string;
let viewerB: string;
const faqIds = new Map<string, string>();

async function search(token: string, query: string, first = 3): Promise<Hit[]> {
  const res = await stack.request<{ knowledgeSearch: Hit[] }>(SEARCH, { query, first }, token);
  expect(res.errors).toBeUndefined();
  return res.data!.knowledgeSearch;
}
const titles = (hits: Hit[]) => hits.map((h) => h.document.title);
const embeddingCalls = async () => (await stack.sandboxCalls()).openai?.byEndpoint[EMBEDDINGS] ?? 0;

beforeAll(async () => {
  stack = await startTestStack();
  for (const tenant of [A, B, C]) {
    await stack.keyring.addKey({ tenantId: tenant, provider: 'OPENAI', label: 'sandbox openai', credentials: DEMO_CREDENTIALS.openai });
  }
  [operatorA, viewerA, operatorB, viewerB] = await Promise.all([
    stack.token(A, ['operator']), stack.token(A, ['viewer']), stack.token(B, ['operator']), stack.token(B, ['viewer']),
  ]);
  for (const document of FAQ_DOCUMENTS) {
    const res = await stack.request(ADD, { input: document }, operatorA);
    expect(res.errors).toBeUndefined();
    faqIds.set(document.title, res.data!.addKnowledgeDocument.id);
  }
});

afterAll(async () => {
  await stack?.close();
});

describe('documents', () => {
  test('operators add, change and delete documents; viewers only search', async () => {
    const input = { title: '택배사 안내', body: '모든 상품은 CJ대한통운으로 발송합니다.' };
    const refused = await stack.request(ADD, { input }, viewerA);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(refused.data?.addKnowledgeDocument ?? null).toBeNull();

    const added = await stack.request(ADD, { input }, operatorA);
    expect(added.errors).toBeUndefined();
    const id = added.data!.addKnowledgeDocument.id as string;
    expect(added.data!.addKnowledgeDocument).toMatchObject(input);
    expect(titles(await search(viewerA, 'CJ대한통운'))[0]).toBe('택배사 안내');

    expect((await stack.request(UPDATE, { id, input: { body: '모든 상품은 롯데택배로 발송합니다.' } }, viewerA)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const updated = await stack.request(UPDATE, { id, input: { body: '모든 상품은 롯데택배로 발송합니다.' } }, operatorA);
    expect(updated.data!.updateKnowledgeDocument).toEqual({ id, title: '택배사 안내', body: '모든 상품은 롯데택배로 발송합니다.' });
    const [hit] = await search(viewerA, '롯데택배');
    expect(hit).toMatchObject({ document: { id, title: '택배사 안내' }, snippet: '모든 상품은 롯데택배로 발송합니다.' });

    expect((await stack.request(DELETE, { id }, viewerA)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await stack.request(DELETE, { id }, operatorA)).data).toEqual({ deleteKnowledgeDocument: id });
    expect((await stack.request(DOCUMENT, { id }, viewerA)).data).toEqual({ knowledgeDocument: null });
    expect(titles(await search(viewerA, '롯데택배 발송', 20))).not.toContain('택배사 안내');
    const again = await stack.request(DELETE, { id }, operatorA);
    expect(again.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('bad input is BAD_USER_INPUT naming the field', async () => {
    const empty = await stack.request(ADD, { input: { title: ' ', body: '내용' } }, operatorA);
    expect(empty.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.title' });
    const long = await stack.request(ADD, { input: { title: 'x'.repeat(201), body: '내용' } }, operatorA);
    expect(long.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.title' });
    const first = await stack.request(SEARCH, { query: '배송', first: 0 }, viewerA);
    expect(first.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const query = await stack.request(SEARCH, { query: '', first: 3 }, viewerA);
    expect(query.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'query' });
    const unknown = await stack.request(UPDATE, { id: '00000000-0000-4000-8000-000000000000', input: { title: '새 제목' } }, operatorA);
    expect(unknown.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('hybrid search', () => {
  test('a paraphrased question finds the document that answers it', async () => {
    const hits = await search(viewerA, '돈은 언제 돌려받을 수 있어요?');
    expect(titles(hits)).toContain('환불 처리 기간');
    expect(hits[0].score).toBeGreaterThan(0);
    expect(hits[0].score).toBeLessThanOrEqual(1);
    for (let i = 1; i < hits.length; i++) expect(hits[i].score).toBeLessThanOrEqual(hits[i - 1].score);
  });

  test('a question sharing meaning but no word with its answer finds it (the vector half)', async () => {
    // "깨져서 왔어요" shares no word with "파손되었거나 불량이면"; the embeddings know both mean a damaged item.
    expect(titles(await search(viewerA, '컵이 깨져서 왔어요'))).toContain('불량 및 파손 상품');
  });

  test('a question sharing a term but not the usual words finds it; the vector half alone does not (the lexical half)', async () => {
    const question = '점심시간에도 통화되나요';
    expect(titles(await search(viewerA, question))).toContain('고객센터 운영 시간');
    // The same search without its lexical half misses it: the hybrid is what finds it.
    const db = new DataSource({ type: 'postgres', url: stack.database.url, extra: { max: 1 } });
    await db.initialize();
    try {
      const base = await KnowledgeBase.open(db, keyringEmbedder(stack.keyring, stack.config.providers.baseUrls.openai), createLogger('test', 'silent'));
      const vectorOnly = await base.search(A, question, 3, { lexical: false });
      expect(vectorOnly.map((h) => h.document.title)).not.toContain('고객센터 운영 시간');
    } finally {
      await db.destroy();
    }
  });

  test('a question sharing words with another document but not its meaning still finds its answer', async () => {
    // "반품 접수" and "택배" are words of 반품 접수 절차; the question is about when the money comes back.
    const hits = await search(viewerA, '반품 접수하고 택배 보냈는데 환불은 언제 되나요?');
    expect(titles(hits)[0]).toBe('환불 처리 기간');
  });

  test('KnowledgeSearch runs as written (operations/acceptance)', async () => {
    const res = await stack.request<{ knowledgeSearch: Hit[] }>(operation('KnowledgeSearch'), { query: '세금계산서 발행 신청' }, viewerA);
    expect(res.errors).toBeUndefined();
    expect(res.data!.knowledgeSearch).toHaveLength(5);
    expect(res.data!.knowledgeSearch[0]).toMatchObject({ document: { id: faqIds.get('세금계산서 발행'), title: '세금계산서 발행' } });
    expect(res.data!.knowledgeSearch[0].snippet).toContain('전자세금계산서');
  });
});

describe('tenants', () => {
  test("another tenant's documents never appear, and cannot be changed or deleted", async () => {
    const secret = { title: '비공개 정산 정책', body: '오로라 파트너 정산은 매월 17일에 오로라 전용 계좌로 지급합니다.' };
    const added = await stack.request(ADD, { input: secret }, operatorB);
    const id = added.data!.addKnowledgeDocument.id as string;
    expect(titles(await search(viewerB, '오로라 파트너 정산'))[0]).toBe(secret.title);

    const fromA = await search(viewerA, '오로라 파트너 정산은 매월 17일에 오로라 전용 계좌로 지급합니다', 20);
    expect(fromA.map((h) => h.document.id)).not.toContain(id);
    expect(fromA.every((h) => faqIds.has(h.document.title))).toBe(true);
    expect((await stack.request(DOCUMENT, { id }, viewerA)).data).toEqual({ knowledgeDocument: null });
    expect((await stack.request(UPDATE, { id, input: { title: '탈취' } }, operatorA)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await stack.request(DELETE, { id }, operatorA)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await stack.request(DOCUMENT, { id }, viewerB)).data).toEqual({ knowledgeDocument: { id, title: secret.title } });
    // B's searches see none of A's FAQ either.
    expect(titles(await search(viewerB, '돈은 언제 돌려받을 수 있어요?', 20))).toEqual([secret.title]);
  });
});

describe('embedding only what changed', () => {
  const paragraph = (subject: string) =>
    Array.from({ length: 8 }, (_, i) => `${subject}에 관한 안내 ${i + 1}번 문장입니다. 자세한 내용은 고객센터로 문의해 주세요.`).join(' ');
  const body = (second: string) => [paragraph('배송'), paragraph(second), paragraph('반품')].join('\n\n');

  async function embeddingTokens(): Promise<number> {
    const admin = await stack.token(C, ['admin']);
    const res = await stack.request<{ llmUsage: Array<{ model: string; inputTokens: number }> }>(
      'query ($from: DateTime!, $to: DateTime!) { llmUsage(from: $from, to: $to) { model inputTokens } }',
      { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() }, admin,
    );
    return res.data!.llmUsage.filter((u) => u.model.startsWith('text-embedding')).reduce((sum, u) => sum + u.inputTokens, 0);
  }
  async function settledTokens(expected: number): Promise<void> {
    await until(async () => (await embeddingTokens()) === expected, `embedding tokens to reach ${expected}`, 15_000);
  }

  test('an update embeds only the chunks whose text changed; an unchanged one embeds nothing', async () => {
    const title = '긴 정책 문서';
    const chunks = chunkDocument(title, body('교환'), 'text-embedding-3-small');
    expect(chunks).toHaveLength(3);
    const operatorC = await stack.token(C, ['operator']);
    const viewerC = await stack.token(C, ['viewer']);
    expect(await embeddingTokens()).toBe(0);
    let tokens = 0;
    let calls = await embeddingCalls();

    const added = await stack.request(ADD, { input: { title, body: body('교환') } }, operatorC);
    const id = added.data!.addKnowledgeDocument.id as string;
    expect(await embeddingCalls()).toBe(calls + 1);
    tokens += chunks.reduce((sum, c) => sum + approxTokens(c.embedded), 0);
    await settledTokens(tokens);
    calls += 1;

    // One paragraph changes: one embedding request, carrying that one chunk alone.
    const changed = chunkDocument(title, body('환불'), 'text-embedding-3-small');
    expect(changed.filter((c, i) => c.hash !== chunks[i].hash)).toHaveLength(1);
    expect((await stack.request(UPDATE, { id, input: { body: body('환불') } }, operatorC)).errors).toBeUndefined();
    expect(await embeddingCalls()).toBe(calls + 1);
    tokens += approxTokens(changed[1].embedded);
    await settledTokens(tokens);
    calls += 1;
    expect(titles(await search(viewerC, '환불에 관한 안내', 5))).toContain(title);
    calls += 1; // the question itself is embedded
    tokens += approxTokens('환불에 관한 안내');

    // The same text again: nothing to embed.
    expect((await stack.request(UPDATE, { id, input: { body: body('환불') } }, operatorC)).errors).toBeUndefined();
    expect(await embeddingCalls()).toBe(calls);

    // A new title changes what every chunk is embedded with: all three again.
    expect((await stack.request(UPDATE, { id, input: { title: '긴 정책 문서 (개정)' } }, operatorC)).errors).toBeUndefined();
    expect(await embeddingCalls()).toBe(calls + 1);
    tokens += chunkDocument('긴 정책 문서 (개정)', body('환불'), 'text-embedding-3-small').reduce((sum, c) => sum + approxTokens(c.embedded), 0);
    await settledTokens(tokens);
  });
});
