// Test-only: a server that answers every request with one documented response (a fixture's), so a client can be
// shown to parse exactly what the provider's documentation prints and to send the documented request.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Fixture } from './fixtures';

export interface Replay {
  url: string;
  requests: Array<{ method: string; url: string; body: string }>;
  close(): Promise<void>;
}

/** `others`: answers for other paths the client needs first (a token endpoint), by path; not recorded. */
export async function replayServer(fixture: Fixture, others: Record<string, Fixture['response']> = {}): Promise<Replay> {
  const requests: Replay['requests'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const other = others[new URL(req.url ?? '/', 'http://replay').pathname];
      if (!other) requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', body: Buffer.concat(chunks).toString('utf8') });
      const { status, headers, body } = other ?? fixture.response;
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8', ...headers });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ReplayChecks {
  /** Answers for other paths the client needs first, as for `replayServer`. */
  others?: Record<string, Fixture['response']>;
  /** Also check the first request's method against the fixture's. */
  method?: boolean;
  /** Also check the first request's query string: exactly the fixture's `query`. */
  query?: boolean;
}

/**
 * Replays `documented` while `run` drives a client at it, then checks that the client's first request went to the
 * documented path (and, as `checks` asks, with its method and query); the replay is closed either way.
 */
export async function replayDocumented(documented: Fixture, run: (replay: Replay) => Promise<void>, checks: ReplayChecks = {}): Promise<void> {
  const replay = await replayServer(documented, checks.others);
  try {
    await run(replay);
    const [first] = replay.requests;
    if (checks.method) expect(first).toMatchObject({ method: documented.request!.method });
    const sent = new URL(first.url, replay.url);
    expect(sent.pathname).toBe(documented.request!.path);
    if (checks.query) expect(Object.fromEntries(sent.searchParams)).toEqual(documented.request!.query);
  } finally {
    await replay.close();
  }
}
