import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProviderError } from './errors';
import { providerFetch } from './http';

describe('providerFetch', () => {
  let server: http.Server;
  let url: string;
  const pending: http.ServerResponse[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url?.startsWith('/hang')) return void pending.push(res);
      res.writeHead(500, { 'content-type': 'application/json' }).end('{"oops":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const res of pending) res.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('returns error statuses with their parsed body instead of throwing', async () => {
    const response = await providerFetch({ provider: 'toss', what: 'probe', url: `${url}/x` });
    expect(response.status).toBe(500);
    expect(response.json).toEqual({ oops: true });
  });

  it('turns a provider that never answers into a timeout error without the query string', async () => {
    const error = await providerFetch({ provider: 'sweettracker', what: 'probe', url: `${url}/hang?t_key=SECRETKEY123`, timeoutMs: 50 }).catch((e) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'timeout', provider: 'sweettracker' });
    expect(error.message).not.toContain('SECRETKEY123');
  });

  it('turns a refused connection into a network error', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await providerFetch({ provider: 'cafe24', what: 'probe', url: `http://127.0.0.1:${port}/` }).catch((e) => e);
    expect(error).toMatchObject({ kind: 'network', provider: 'cafe24' });
    expect(error.message).toContain('ECONNREFUSED');
  });
});
