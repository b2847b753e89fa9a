// The console's static route in-process: the console's files and the allow-listed vendor files with their content
// types, cache headers and CSP, and nothing else — `..` and its encodings are refused before any lookup.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { closeServer, createHttpServer, listen } from '../platform/http';
import { CONSOLE_CSP, consolePath, consoleRoutes, VENDOR_FILES } from './console';

let server: http.Server;
let port: number;

beforeAll(async () => {
  server = createHttpServer({ routes: { '/health': (_req, res) => void res.end('ok'), ...consoleRoutes() } });
  port = await listen(server, 0);
});
afterAll(() => closeServer(server));

/** A raw request: the path goes on the wire exactly as written (fetch would normalise it first). */
function get(rawPath: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: rawPath, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('serves the console at /console/ as HTML with a CSP that names no other origin', async () => {
  const response = await get('/console/');
  expect(response.status).toBe(200);
  expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(response.body.toString()).toContain('<script type="module" src="/console/app.js">');
  expect(response.headers['content-security-policy']).toBe(CONSOLE_CSP);
  expect(CONSOLE_CSP).toContain("script-src 'self'");
  expect(CONSOLE_CSP).not.toMatch(/https?:|\*|unsafe-/);
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['cache-control']).toBe('no-cache');
});

test('redirects /console to /console/', async () => {
  const response = await get('/console');
  expect(response.status).toBe(308);
  expect(response.headers.location).toBe('/console/');
});

test('serves every allow-listed vendor file from its npm package, with its content type and a day of caching', async () => {
  for (const [name, [pkg, file]] of Object.entries(VENDOR_FILES)) {
    const response = await get(`/console/vendor/${name}`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe(name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8');
    expect(response.headers['cache-control']).toBe('public, max-age=86400');
    expect(response.body.equals(fs.readFileSync(path.join(__dirname, '..', 'node_modules', pkg, file)))).toBe(true);
  }
});

test('serves nothing else of a vendored package', async () => {
  expect((await get('/console/vendor/chart.js')).status).toBe(404);
  expect((await get('/console/vendor/graphiql/package.json')).status).toBe(404);
  expect((await get('/console/node_modules/react/package.json')).status).toBe(404);
});

test('answers 304 to a matching If-None-Match, gzips when asked, and answers HEAD without a body', async () => {
  const first = await get('/console/app.js');
  expect(first.headers['content-type']).toBe('text/javascript; charset=utf-8');
  const again = await get('/console/app.js', { 'if-none-match': first.headers.etag! });
  expect(again.status).toBe(304);
  expect(again.body.length).toBe(0);
  const gzipped = await get('/console/vendor/chart.umd.min.js', { 'accept-encoding': 'gzip, br' });
  expect(gzipped.headers['content-encoding']).toBe('gzip');
  expect(gunzipSync(gzipped.body).equals(fs.readFileSync(path.join(__dirname, '..', 'node_modules', 'chart.js', 'dist', 'chart.umd.min.js')))).toBe(true);
  const head = await get('/console/console.css', {}, 'HEAD');
  expect(head.status).toBe(200);
  expect(head.body.length).toBe(0);
  expect((await get('/console/app.js', {}, 'DELETE')).status).toBe(405);
});

test('serves GraphiQL at /graphiql from the graphiql package, under the same CSP', async () => {
  const response = await get('/graphiql');
  expect(response.status).toBe(200);
  expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(response.body.toString()).toContain('/console/vendor/graphiql.min.js');
  expect(response.headers['content-security-policy']).toBe(CONSOLE_CSP);
});

describe('directory traversal', () => {
  const attempts = [
    '/console/../package.json',
    '/console/%2e%2e/package.json',
    '/console/%2E%2E/%2E%2E/etc/passwd',
    '/console/..%2fpackage.json',
    '/console/..%2Fgateway%2Fconsole.ts',
    '/console/vendor/..%2f..%2fpackage.json',
    '/console/..%5cpackage.json',
    '/console/..\\package.json',
    '/console/.%2e/package.json',
    '/console/%252e%252e/package.json',
    '/console/vendor/%2e%2e/%2e%2e/package.json',
    '/console/.env',
    '/console/app.js%00.html',
    '/console/%c0%ae%c0%ae/package.json',
    '/console//etc/passwd',
  ];
  test.each(attempts)('refuses %s', async (attempt) => {
    const response = await get(attempt);
    expect([400, 404]).toContain(response.status);
    expect(response.body.toString()).not.toContain('"name": "opsgraph"');
    expect(response.body.toString()).not.toContain('root:');
  });

  test('refuses encoded separators, dot segments and NUL before any lookup', () => {
    for (const raw of ['/console/..%2fpackage.json', '/console/%2e%2e/x', '/console/.%2e/x', '/console/..%5cx', '/console/a%00b', '/console/%zz', '/console//x', '/console/.git/config']) {
      expect(consolePath(raw)).toHaveProperty('refused');
    }
    expect(consolePath('/console/')).toEqual({ name: 'index.html' });
    expect(consolePath('/console/vendor/chart.umd.min.js?v=1')).toEqual({ name: 'vendor/chart.umd.min.js' });
  });
});
