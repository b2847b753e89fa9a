// `npm run audit:federation`: The Guild's federation-gateway-audit (vendor/federation-gateway-audit, 46 suites, 199
// cases) against opsgraph's standalone gateway and, as the baseline, stock @apollo/gateway; suite by suite, one gateway
// process per suite, the audit's subgraphs served from this process.
//   --gateway=opsgraph,stock   which gateways (default both; the comparison needs both)
//   --only=suite1,suite2       some suites only
//   --executor=opsgraph|apollo opsgraph's GATEWAY_EXECUTOR (else whatever the environment says)
//   --reload                   one opsgraph process for every suite, each supergraph loaded by the gateway's file
//                              reload (faster; the default starts a fresh process per suite, as the audit does)
//   --verbose                  each failed case's query, expected and received answer
// Exits 1 when opsgraph passes fewer cases than stock, fails a case stock passes, or, run in full, passes fewer than
// AUDIT_FLOOR (what stock @apollo/gateway 2.14 passes: issue 13).
import { loadConfig } from '../platform/config';
import { AUDIT_SUITES } from '../vendor/federation-gateway-audit';
import { AUDIT_GATEWAY_KINDS, auditGateway, type AuditGateway, type AuditGatewayKind } from './federation-audit/gateways';
import { passedCount, runSuite, type SuiteResult } from './federation-audit/run';
import { serveAuditSubgraphs } from './federation-audit/subgraph-server';

const AUDIT_FLOOR = 193;

const argument = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);

function parseArguments() {
  const kinds = (argument('gateway') ?? AUDIT_GATEWAY_KINDS.join(',')).split(',');
  const unknownKind = kinds.find((kind) => !AUDIT_GATEWAY_KINDS.includes(kind as AuditGatewayKind));
  if (unknownKind) throw new Error(`--gateway must list ${AUDIT_GATEWAY_KINDS.join(' or ')}, but got "${unknownKind}"`);
  const only = argument('only')?.split(',').filter(Boolean);
  const unknownSuite = only?.find((id) => !AUDIT_SUITES.some((suite) => suite.id === id));
  if (unknownSuite) throw new Error(`--only must name audit suites (${AUDIT_SUITES.map((s) => s.id).join(', ')}), but got "${unknownSuite}"`);
  return {
    kinds: kinds as AuditGatewayKind[],
    suites: only ? AUDIT_SUITES.filter((suite) => only.includes(suite.id)) : AUDIT_SUITES,
    full: !only,
    executor: argument('executor'),
    verbose: process.argv.includes('--verbose'),
    reload: process.argv.includes('--reload'),
  };
}

const dots = (result: SuiteResult) => result.cases.map((c) => (c.passed ? '.' : 'X')).join('');

function printFailures(kind: AuditGatewayKind, result: SuiteResult, verbose: boolean): void {
  if (result.error) console.log(`    ${kind}: the gateway did not serve the suite: ${result.error.split('\n')[0]}`);
  if (!verbose || result.error) return;
  for (const failed of result.cases.filter((c) => !c.passed)) {
    console.log(`    ${kind} #${failed.index}: ${failed.query.replace(/\s+/g, ' ').trim()}`);
    console.log(`      expected ${JSON.stringify(failed.expected)}`);
    console.log(`      received ${JSON.stringify(failed.received)}`);
  }
}

async function main(): Promise<number> {
  const args = parseArguments();
  const config = loadConfig();
  const redisUrl = config.pubsub.mode === 'redis' ? config.pubsub.redisUrl : undefined;
  const subgraphs = await serveAuditSubgraphs(args.suites);
  const gateways = new Map<AuditGatewayKind, AuditGateway>(args.kinds.map((kind) => [kind, auditGateway(kind, { redisUrl, executor: args.executor, reload: args.reload && kind === 'opsgraph' })]));
  const results = new Map<AuditGatewayKind, SuiteResult[]>(args.kinds.map((kind) => [kind, []]));
  const regressions: string[] = [];
  try {
    console.log(`federation-gateway-audit: ${args.suites.length} suites against ${args.kinds.join(' and ')}` +
      `${args.executor ? ` (GATEWAY_EXECUTOR=${args.executor})` : ''}${redisUrl ? '' : ' (no REDIS_URL: the edge keeps its state in-process)'}`);
    for (const suite of args.suites) {
      const began = Date.now();
      const bySuite = new Map<AuditGatewayKind, SuiteResult>();
      for (const kind of args.kinds) {
        const result = await runSuite(suite, gateways.get(kind)!, subgraphs);
        bySuite.set(kind, result);
        results.get(kind)!.push(result);
      }
      console.log(`${suite.id.padEnd(38)} ${((Date.now() - began) / 1000).toFixed(1).padStart(5)} s  ${args.kinds.map((kind) => `${kind} ${passedCount(bySuite.get(kind)!)}/${bySuite.get(kind)!.cases.length} ${dots(bySuite.get(kind)!)}`).join('   ')}`);
      for (const kind of args.kinds) printFailures(kind, bySuite.get(kind)!, args.verbose);
      const ours = bySuite.get('opsgraph');
      const stock = bySuite.get('stock');
      if (ours && stock) {
        for (const c of stock.cases.filter((c) => c.passed && !ours.cases[c.index].passed)) regressions.push(`${suite.id} #${c.index}`);
      }
    }
  } finally {
    for (const gateway of gateways.values()) await gateway.close();
    await subgraphs.close();
  }
  const totals = Object.fromEntries([...results].map(([kind, suites]) => [kind, {
    passed: suites.reduce((sum, s) => sum + passedCount(s), 0),
    cases: suites.reduce((sum, s) => sum + s.cases.length, 0),
    failingSuites: suites.filter((s) => passedCount(s) < s.cases.length).map((s) => s.id),
  }]));
  console.log('');
  for (const [kind, total] of Object.entries(totals)) {
    console.log(`${kind}: ${total.passed} of ${total.cases} cases passed; failing suites: ${total.failingSuites.join(', ') || 'none'}`);
  }
  const failures: string[] = [];
  const ours = totals.opsgraph;
  if (ours && totals.stock && ours.passed < totals.stock.passed) failures.push(`opsgraph passes ${ours.passed}, fewer than stock's ${totals.stock.passed}`);
  if (regressions.length > 0) failures.push(`opsgraph fails cases stock passes: ${regressions.join(', ')}`);
  if (ours && args.full && ours.passed < AUDIT_FLOOR) failures.push(`opsgraph passes ${ours.passed}, fewer than ${AUDIT_FLOOR}`);
  for (const failure of failures) console.log(`FAILED: ${failure}`);
  return failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
