// `npm run token -- --sub ID --tenant ID --role ROLE`: prints a signed development JWT.
import { parseArgs } from 'node:util';
import { loadConfig } from '../platform/config';
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
  const roles = values.role as string[];
  const unknown = roles.filter((role) => !(ROLES as readonly string[]).includes(role));
  if (unknown.length) throw new Error(`--role must be one of ${ROLES.join(', ')}, but got "${unknown.join(', ')}"`);
  const config = loadConfig();
  const token = await signUserToken(
    { sub: values.sub as string, tenant: values.tenant as string, roles: roles as Role[] },
    config.auth.jwtSecret,
    { expiresIn: values.expires as string, audience: config.auth.audience },
  );
  process.stdout.write(`${token}\n`);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
