// Runs the audit's cases against a gateway, suite by suite, as the audit's own runner (src/test.ts) judges them: the
// answer's `data` must deep-equal the expected one (null when absent), and where the case says whether errors are
// expected, `errors` must be present (non-empty) or absent accordingly. One gateway process per suite, suites in turn.
import { isDeepStrictEqual } from 'node:util';
import type { AuditSuite } from '../../vendor/federation-gateway-audit/supergraph';
import type { AuditCase } from '../../vendor/federation-gateway-audit/testkit';
import type { AuditGateway } from './gateways';
import type { AuditSubgraphServer } from './subgraph-server';

export interface CaseResult {
  index: number;
  query: string;
  passed: boolean;
  expected: unknown;
  received: unknown;
}

export interface SuiteResult {
  id: string;
  cases: CaseResult[];
  /** Set when the gateway could not serve the suite at all (every case then counts as failed). */
  error?: string;
}

export const passedCount = (suite: SuiteResult): number => suite.cases.filter((c) => c.passed).length;

/** The audit's per-request limit (src/test.ts). */
const CASE_TIMEOUT_MS = 10_000;

async function ask(url: string, query: string): Promise<{ data?: unknown; errors?: unknown[] }> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
      signal: AbortSignal.timeout(CASE_TIMEOUT_MS),
    });
    // Parsed here, not by fetch: fetch's objects may come from another realm (jest's), whose prototypes would make a
    // deep-strict comparison with our own JSON fail.
    return JSON.parse(await response.text()) as { data?: unknown; errors?: unknown[] };
  } catch (error) {
    return { errors: [{ message: `no answer: ${error instanceof Error ? error.message : String(error)}` }] };
  }
}

/** One case, judged as the audit judges it. */
export async function runCase(url: string, testCase: AuditCase, index: number): Promise<CaseResult> {
  // The audit hands the cases over as JSON: compare with what JSON makes of them.
  const expectedAnswer = JSON.parse(JSON.stringify(testCase.expected)) as AuditCase['expected'];
  const response = await ask(url, testCase.query);
  const errorsChecked = typeof expectedAnswer.errors === 'boolean';
  const received = { data: response.data ?? null, errors: errorsChecked ? (response.errors?.length ?? 0) > 0 : null };
  const expected = { data: expectedAnswer.data ?? null, errors: errorsChecked ? expectedAnswer.errors : null };
  const passed = isDeepStrictEqual(received, expected);
  // On failure keep the whole answer (its error messages say why), not only what was compared.
  return { index, query: testCase.query, passed, expected, received: passed ? received : response };
}

/** Serves the suite's supergraph on `gateway` and runs its cases in order. */
export async function runSuite(suite: AuditSuite, gateway: AuditGateway, subgraphs: AuditSubgraphServer): Promise<SuiteResult> {
  const cases = suite.tests();
  try {
    await gateway.serve(subgraphs.supergraph(suite));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      id: suite.id,
      error: message,
      cases: cases.map((testCase, index) => ({ index, query: testCase.query, passed: false, expected: testCase.expected, received: message })),
    };
  }
  const results: CaseResult[] = [];
  // In order, one at a time: the mutations suite's cases read what the previous ones wrote.
  for (const [index, testCase] of cases.entries()) results.push(await runCase(gateway.url(), testCase, index));
  return { id: suite.id, cases: results };
}
