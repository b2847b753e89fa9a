// Federation correctness in CI (issue 13): a handful of The Guild's federation-gateway-audit suites, one per federation
// feature the gateway must get right, run through `npm run audit:federation`'s harness against opsgraph's standalone
// gateway (GATEWAY_AUTH=off, every other edge feature on, Redis). One gateway process serves them all: each suite's
// supergraph is loaded through the gateway's own file reload. GATEWAY_EXECUTOR in the environment reaches the gateway,
// so `GATEWAY_EXECUTOR=opsgraph npm test -- test/federation-audit.test.ts` (and `=apollo`) runs it on either executor.
// The whole audit (199 cases, against stock @apollo/gateway too) is `npm run audit:federation`.
import { AUDIT_SUITES } from '../vendor/federation-gateway-audit';
import type { AuditSuite } from '../vendor/federation-gateway-audit/supergraph';
import { auditGateway, type AuditGateway } from '../scripts/federation-audit/gateways';
import { runCase, type CaseResult } from '../scripts/federation-audit/run';
import { serveAuditSubgraphs, type AuditSubgraphServer } from '../scripts/federation-audit/subgraph-server';
import { TEST_REDIS_URL } from './helpers/database';

/** Suite → the feature it guards. */
const REPRESENTATIVE: Record<string, string> = {
  'simple-entity-call': 'entities across subgraphs',
  'requires-requires': '@requires on fields that themselves @require',
  'simple-requires-provides': '@requires and @provides',
  'simple-interface-object': '@interfaceObject',
  'union-intersection': 'unions whose members differ by subgraph',
  'shared-root': '@shareable root fields',
};
const suites = Object.keys(REPRESENTATIVE).map((id) => {
  const suite = AUDIT_SUITES.find((candidate) => candidate.id === id);
  if (!suite) throw new Error(`no audit suite ${id}`);
  return suite;
});

let subgraphs: AuditSubgraphServer;
let gateway: AuditGateway;

beforeAll(async () => {
  subgraphs = await serveAuditSubgraphs(suites);
  gateway = auditGateway('opsgraph', { redisUrl: TEST_REDIS_URL, reload: true });
});

afterAll(async () => {
  await gateway?.close();
  await subgraphs?.close();
});

/** What a failed case shows: the query, and what was expected and received. */
const verdict = (result: CaseResult) => ({ passed: result.passed, query: result.query, expected: result.expected, received: result.received });

describe.each(suites.map((suite): [string, AuditSuite] => [suite.id, suite]))('audit suite %s', (id, suite) => {
  const cases = suite.tests();

  beforeAll(async () => {
    await gateway.serve(subgraphs.supergraph(suite));
  });

  it.each(cases.map((testCase, index) => [index, testCase] as const))(`answers case %i as the audit expects (${REPRESENTATIVE[id]})`, async (index, testCase) => {
    const result = await runCase(gateway.url(), testCase, index);
    expect(verdict(result)).toEqual(expect.objectContaining({ passed: true }));
  });
});

describe('the harness', () => {
  it('fails a case whose answer differs from the expected one', async () => {
    const suite = suites[0];
    await gateway.serve(subgraphs.supergraph(suite));
    const [testCase] = suite.tests();
    const wrong = { ...testCase, expected: { ...testCase.expected, data: { somethingElse: true } } };
    expect((await runCase(gateway.url(), testCase, 0)).passed).toBe(true);
    expect((await runCase(gateway.url(), wrong, 0)).passed).toBe(false);
  });
});
