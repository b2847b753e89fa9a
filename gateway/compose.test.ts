import http from 'node:http';
import net from 'node:net';
import { composeSupergraph, CompositionError, fetchSubgraphSdls } from './compose';

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])';

describe('composeSupergraph', () => {
  test('composes subgraphs that agree', () => {
    const sdl = composeSupergraph([
      { name: 'a', url: 'http://a/graphql', sdl: `${LINK}\ntype Query { order: Order }\ntype Order @key(fields: "id") { id: ID! }` },
      { name: 'b', url: 'http://b/graphql', sdl: `${LINK}\ntype Order @key(fields: "id") { id: ID! note: String }` },
    ]);
    expect(sdl).toContain('join__graph(name: "a"');
    expect(sdl).toContain('note: String');
  });

  test('a conflict is reported naming the subgraphs and the field', () => {
    const compose = () =>
      composeSupergraph([
        { name: 'commerce', url: 'http://c/graphql', sdl: `${LINK}\ntype Query { x: Money }\ntype Money { amount: Int }` },
        { name: 'finance', url: 'http://f/graphql', sdl: `${LINK}\ntype Query { y: Money }\ntype Money { amount: Int }` },
      ]);
    expect(compose).toThrow(CompositionError);
    expect(compose).toThrow(/Money\.amount/);
    expect(compose).toThrow(/commerce/);
    expect(compose).toThrow(/finance/);
  });
});

describe('fetchSubgraphSdls', () => {
  const SDL = `${LINK}\ntype Query { ping: String }`;

  /** A subgraph whose answers the test steps through: 'down' (nothing listening), 'broken' (503), 'up'. */
  async function steppedSubgraph() {
    let state: 'broken' | 'up' = 'broken';
    const server = http.createServer((_req, res) => {
      if (state === 'broken') {
        res.writeHead(503).end('starting');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { _service: { sdl: SDL } } }));
    });
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    return {
      url: `http://127.0.0.1:${port}/graphql`,
      listen: () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve)),
      up: () => { state = 'up'; },
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  }

  test('waits for a subgraph that is not listening yet, then answering 503, until it returns its SDL', async () => {
    const subgraph = await steppedSubgraph();
    const rounds: string[][] = [];
    let listening: Promise<void> | undefined;
    const sdls = fetchSubgraphSdls([{ name: 'late', url: subgraph.url }], {
      initialDelayMs: 5,
      maxDelayMs: 20,
      deadlineMs: 0,
      onWait: (waiting) => {
        rounds.push(waiting.map((w) => `${w.name}: ${w.reason}`));
        // Each state seen moves the subgraph one step on: down -> broken (503) -> up.
        if (/ECONNREFUSED/.test(waiting[0].reason) && !listening) listening = subgraph.listen();
        if (/HTTP 503/.test(waiting[0].reason)) subgraph.up();
      },
    });
    try {
      await expect(sdls).resolves.toEqual([{ name: 'late', url: subgraph.url, sdl: SDL }]);
      expect(rounds[0][0]).toMatch(/^late: .*ECONNREFUSED/);
      expect(rounds.some((round) => /HTTP 503/.test(round[0]))).toBe(true);
    } finally {
      await subgraph.close();
    }
  });

  test('a subgraph that never answers fails start-up at the deadline, naming it and why', async () => {
    const subgraph = await steppedSubgraph();
    await expect(
      fetchSubgraphSdls([{ name: 'gone', url: subgraph.url }], { initialDelayMs: 5, maxDelayMs: 10, deadlineMs: 60 }),
    ).rejects.toThrow(/gone at http:\/\/127\.0\.0\.1:\d+\/graphql \(.*ECONNREFUSED/);
  });
});
