// What a tenant id may be. Tenant ids name Redis keys, rate buckets (`partner:<sub>`) and log fields: lower-case
// words only, no `:`, and none of the names the platform keeps for itself. Checked on every user token.
export const TENANT_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;
export const RESERVED_TENANTS: ReadonlySet<string> = new Set(['platform', 'partner', 'shared', 'system', 'opsgraph', 'internal', 'anonymous']);

export function tenantProblem(tenant: string): string | null {
  if (!TENANT_ID.test(tenant)) return 'the token claim "tenant" must match ^[a-z0-9][a-z0-9_-]{0,62}$';
  if (RESERVED_TENANTS.has(tenant)) return `the token claim "tenant" may not be the reserved name "${tenant}"`;
  return null;
}
