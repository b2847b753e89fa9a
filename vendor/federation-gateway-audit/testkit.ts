// From the audit's src/testkit.ts: one case is a query and what the gateway must answer. `errors: true` means some
// error is expected, `false` none; left out, errors are not checked.
export interface AuditCase {
  query: string;
  expected: { data?: unknown; errors?: boolean };
}

export function createTest(query: string, expected: AuditCase['expected']): AuditCase {
  return { query, expected };
}
