// OpenTelemetry: a stack started with OTEL_EXPORTER_OTLP_ENDPOINT sends one trace per request spanning the gateway,
// a subgraph and the provider call behind it; without the variable nothing is exported.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createOtlpExporter, startTracing } from '../platform/tracing';
import { loadConfig } from '../platform/config';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from './helpers/database';

const ROOT = path.resolve(__dirname, '..');

interface OtlpSpan { traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number; attributes: Array<{ key: string; value: Record<string, unknown> }> }
interface Received { contentType: string; body: Buffer }

/** An OTLP/HTTP receiver: keeps every request it gets. */
async function otlpReceiver(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url === '/v1/traces') received.push({ contentType: req.headers['content-type'] ?? '', body: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function spansOf(received: Received[]): OtlpSpan[] {
  return received
    .filter((r) => r.contentType.includes('json'))
    .flatMap((r) => (JSON.parse(r.body.toString()).resourceSpans ?? []) as Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }>)
    .flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans));
}

const attribute = (span: OtlpSpan, ...keys: string[]) => {
  for (const key of keys) {
    const found = span.attributes.find((a) => a.key === key)?.value;
    if (found) return String(Object.values(found)[0]);
  }
  return undefined;
};

async function until<T>(what: string, check: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('traces over OTLP', () => {
  let receiver: Awaited<ReturnType<typeof otlpReceiver>>;
  let database: TestDatabase;
  let child: ChildProcess | null = null;
  const output = { text: '' };

  beforeAll(async () => {
    receiver = await otlpReceiver();
    database = await createTestDatabase();
  });
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    await receiver.close();
    await database.drop();
  });

  test('one trace spans the gateway, the logistics subgraph and the Sweet Tracker call it makes', async () => {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info', SYNC_INTERVAL_MS: '0',
      DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: `opsgraph-test:${randomUUID()}:`,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_BSP_SCHEDULE_DELAY: '100',
      // `GATEWAY_EXECUTOR=opsgraph npm test -- test/tracing.test.ts` checks the spans of opsgraph's executor.
      ...(process.env.GATEWAY_EXECUTOR ? { GATEWAY_EXECUTOR: process.env.GATEWAY_EXECUTOR } : {}),
    };
    for (const port of ['GATEWAY_PORT', 'COMMERCE_PORT', 'LOGISTICS_PORT', 'FINANCE_PORT', 'AI_PORT', 'KEYS_PORT', 'SANDBOX_PORT']) env[port] = '0';
    child = spawn(process.execPath, ['-r', './platform/register.js', 'scripts/start.ts'], { cwd: ROOT, env });
    await new Promise<void>((resolve, reject) => {
      const check = (chunk: Buffer) => {
        output.text += chunk.toString();
        if (output.text.includes('opsgraph ready')) resolve();
      };
      child!.stdout!.on('data', check);
      child!.stderr!.on('data', check);
      child!.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output.text}`)));
    });
    const url = output.text.match(/gateway:\s+(\S+)/)![1];
    const token = output.text.match(/dev token:\s+(\S+)/)![1];
    const gatewayPort = new URL(url).port;

    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ orders(first: 3, filter: { marketplace: CAFE24 }) { edges { node { externalId shipments { status } } } } }' }),
    });
    const body = (await response.json()) as { errors?: unknown };
    expect(body.errors).toBeUndefined();

    const trace = await until('a trace from the gateway to a Sweet Tracker call', () => {
      const spans = spansOf(receiver.received);
      const root = spans.find((s) => s.kind === 2 && attribute(s, 'http.target', 'url.path') === '/graphql'
        && attribute(s, 'net.host.port', 'server.port') === gatewayPort && !s.parentSpanId
        && spans.some((c) => c.traceId === s.traceId && /sweettracker|tracking/i.test(attribute(c, 'url.full', 'http.url') ?? '')));
      return root ? spans.filter((s) => s.traceId === root.traceId) : undefined;
    });
    const byId = new Map(trace.map((s) => [s.spanId, s]));
    const ancestors = (span: OtlpSpan) => {
      const chain: OtlpSpan[] = [];
      for (let at = span.parentSpanId ? byId.get(span.parentSpanId) : undefined; at; at = at.parentSpanId ? byId.get(at.parentSpanId) : undefined) chain.push(at);
      return chain;
    };
    const providerCall = trace.find((s) => s.kind === 3 && /sweettracker|tracking/i.test(attribute(s, 'url.full', 'http.url') ?? ''))!;
    // Up from the provider call: the logistics subgraph's server span, Apollo's fetch to logistics, the gateway's request.
    const chain = ancestors(providerCall);
    const kinds = chain.map((span) => (span.kind === 2 ? `server:${attribute(span, 'net.host.port', 'server.port')}` : span.name === 'gateway.fetch' ? `fetch:${attribute(span, 'service')}` : span.name));
    expect(kinds[kinds.length - 1]).toBe(`server:${gatewayPort}`);
    const fetchAt = kinds.indexOf('fetch:logistics');
    expect(fetchAt).toBeGreaterThan(0);
    expect(kinds.slice(0, fetchAt).some((kind) => kind.startsWith('server:') && kind !== `server:${gatewayPort}`)).toBe(true);
    expect(kinds).toEqual(expect.arrayContaining(['gateway.request']));
    // The key resolver's decision sits between the subgraph and the provider request it admitted.
    const resolver = chain.find((span) => span.name === 'keyring.call');
    expect(resolver && attribute(resolver, 'opsgraph.key.decision')).toBe('admitted');
    expect(resolver && attribute(resolver, 'opsgraph.provider')).toBe('SWEETTRACKER');
    expect(kinds.indexOf('keyring.call')).toBeLessThan(fetchAt);
  }, 120_000);
});

describe('OTLP exporter settings', () => {
  test('no endpoint: no tracing at all', () => {
    expect(loadConfig({}).tracing).toBeNull();
    expect(startTracing(null)).toBeNull();
  });

  test('the standard variables: generic endpoint gets /v1/traces, the traces endpoint is used as is, headers decoded', () => {
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing).toMatchObject({ url: 'http://collector:4318/v1/traces', protocol: 'http/protobuf' });
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:9999/traces', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_HEADERS: 'api-key=a%20b,x=1' }).tracing)
      .toMatchObject({ url: 'http://b:9999/traces', protocol: 'http/json', headers: { 'api-key': 'a b', x: '1' } });
  });

  test('http/protobuf sends protobuf to /v1/traces', async () => {
    const receiver = await otlpReceiver();
    try {
      const exporter = createOtlpExporter({ url: `${receiver.url}/v1/traces`, protocol: 'http/protobuf', headers: {} });
      const { BasicTracerProvider, SimpleSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
      const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
      provider.getTracer('test').startSpan('one').end();
      await provider.forceFlush();
      await until('the protobuf export', () => receiver.received.length > 0 || undefined, 10_000);
      expect(receiver.received[0].contentType).toBe('application/x-protobuf');
      expect(receiver.received[0].body.includes(Buffer.from('one'))).toBe(true);
      await provider.shutdown();
    } finally {
      await receiver.close();
    }
  });
});
