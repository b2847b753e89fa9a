// `npm run token -- --sub ID --tenant ID --role ROLE`: prints a signed development JWT.
import { parseArgs } from 'node:util';
import { decodeJwt } from 'jose';
import { loadConfig } from '../platform/config';
import { tenantProblem } from '../platform/tenants';
import { ROLES, signUserToken, type Role } from '../platform/identity';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sub: { type: 'string', default: 'dev-user' },
      tenant: { type: 'string', default: 'demo' },
      role: { type: 'string', multiple: true, default: ['admin'] },
      expires: { type: 'string', default: '12h' },
    },
  });
  const roles = values.role;
  const unknown = roles.filter((role) => !(ROLES as readonly string[]).includes(role));
  if (unknown.length) throw new Error(`--role must be one of ${ROLES.join(', ')}, but got "${unknown.join(', ')}"`);
  const tenantIssue = tenantProblem(values.tenant);
  if (tenantIssue) throw new Error(`--tenant: ${tenantIssue.replace('the token claim "tenant"', 'a tenant id')}, but got "${values.tenant}"`);
  const config = loadConfig();
  const token = await signUserToken(
    { sub: values.sub, tenant: values.tenant, roles: roles as Role[] },
    config.auth.jwtSecret,
    { expiresIn: values.expires, audience: config.auth.audience },
  );
  const { iat = 0, exp = 0 } = decodeJwt(token);
  if (exp - iat > config.edgeGuards.tokens.maxLifetimeS) {
    throw new Error(`--expires ${values.expires} is longer than the gateway accepts (JWT_MAX_LIFETIME_S=${config.edgeGuards.tokens.maxLifetimeS})`);
  }
  process.stdout.write(`${token}\n`);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
