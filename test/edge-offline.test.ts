// Nothing leaves the machine unasked: starting the whole stack in this process, serving queries and stopping it
// open connections to loopback only (@apollo/gateway would otherwise probe cloud metadata endpoints and export
// telemetry to Apollo), and an Apollo key in the environment stops start-up instead of turning reporting on.
import net from 'node:net';
import dns from 'node:dns';
import { loadConfig } from '../platform/config';
import { startTestStack, type TestStack } from './helpers/stack';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/;

describe('the stack talks to nobody but itself', () => {
  const targets: string[] = [];
  const originalConnect = net.Socket.prototype.connect;
  const originalLookup = dns.lookup;
  let stack: TestStack | undefined;

  beforeAll(() => {
    net.Socket.prototype.connect = function (this: net.Socket, ...args: any[]) {
      const options = args[0];
      // A Unix socket path has no host; a port with no host means localhost.
      if (typeof options === 'object' && options !== null && !Array.isArray(options)) {
        if (!options.path) targets.push(String(options.host ?? 'localhost'));
      } else if (typeof options === 'number' || (typeof options === 'string' && /^\d+$/.test(options))) {
        targets.push(typeof args[1] === 'string' ? args[1] : 'localhost');
      }
      return (originalConnect as any).apply(this, args);
    } as typeof net.Socket.prototype.connect;
    (dns as any).lookup = function (hostname: string, ...rest: any[]) {
      targets.push(hostname);
      return (originalLookup as any).call(dns, hostname, ...rest);
    };
  });

  afterAll(async () => {
    await stack?.close();
    net.Socket.prototype.connect = originalConnect;
    (dns as any).lookup = originalLookup;
  });

  test('an Apollo key in the environment stops start-up rather than turn on reporting to Apollo', () => {
    // Apollo's libraries read the process environment themselves, so that is where the key is put.
    process.env.APOLLO_KEY = 'service:opsgraph:not-a-real-key';
    process.env.APOLLO_GRAPH_REF = 'opsgraph@current';
    try {
      expect(() => loadConfig(process.env)).toThrow(/APOLLO_KEY, APOLLO_GRAPH_REF must be unset/);
    } finally {
      delete process.env.APOLLO_KEY;
      delete process.env.APOLLO_GRAPH_REF;
    }
  });

  test('starting, serving queries and stopping connect to 127.0.0.1 and localhost only', async () => {
    stack = await startTestStack();
    const admin = await stack.token('tenant-offline');
    const result = await stack.request('{ orders(first: 1) { totalCount } }', {}, admin);
    expect(result.errors).toBeUndefined();
    // The landing page is off: a browser's GET gets no page that loads Apollo's scripts from their CDN.
    const page = await fetch(stack.gateway.url, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toMatch(/apollographql\.com|embeddable-sandbox|cdn\./);
    // Reports are sent on an interval and flushed on stop: stopping is where they would show.
    await stack.close();
    stack = undefined;
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.filter((target) => !LOOPBACK.test(target))).toEqual([]);
  });
});
