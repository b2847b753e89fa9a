// The admin console (console/, plain ES modules) and GraphiQL, served as static files by the gateway: the console's
// own files plus an allow-list of exact vendor files from node_modules. Nothing else on disk is reachable, and the
// Content-Security-Policy names no origin but this one, so the pages load nothing from outside the machine.
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Route } from '../platform/http';

/** URL name under /console/vendor/ → [npm package, file inside it]. Exact files: nothing else of a package is served. */
export const VENDOR_FILES = {
  'chart.umd.min.js': ['chart.js', 'dist/chart.umd.min.js'],
  'graphql-ws.min.js': ['graphql-ws', 'umd/graphql-ws.min.js'],
  'react.production.min.js': ['react', 'umd/react.production.min.js'],
  'react-dom.production.min.js': ['react-dom', 'umd/react-dom.production.min.js'],
  'graphiql.min.js': ['graphiql', 'graphiql.min.js'],
  'graphiql.min.css': ['graphiql', 'graphiql.min.css'],
} as const satisfies Record<string, readonly [string, string]>;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

// 'self' covers ws:// and wss:// to this host in CSP3, which is how the console reaches graphql-ws.
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

interface StaticFile {
  body: Buffer;
  gzipped?: Buffer;
  type: string;
  etag: string;
  cacheControl: string;
}

function staticFile(file: string, cacheControl: string): StaticFile {
  const body = fs.readFileSync(file);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  return { body, type: CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', etag, cacheControl };
}

/** The package's folder as Node would resolve it from here (node_modules up the tree), whatever its `exports` say. */
function packageDir(name: string): string {
  for (const dir of require.resolve.paths(name) ?? []) {
    if (fs.existsSync(path.join(dir, name, 'package.json'))) return path.join(dir, name);
  }
  throw new Error(`The console serves files of the npm package ${name}, but it is not installed (npm install)`);
}

function* walk(dir: string, prefix = ''): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    if (entry.isDirectory()) yield* walk(path.join(dir, entry.name), `${prefix}${entry.name}/`);
    else if (CONTENT_TYPES[path.extname(entry.name)]) yield `${prefix}${entry.name}`;
  }
}

/** Every servable file by its name under /console/, read once: the set is fixed, so no request can name another. */
export function loadConsoleFiles(dir = path.resolve(__dirname, '..', 'console')): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  // Revalidated each time (cheap 304s): a new deploy shows at once.
  for (const name of walk(dir)) files.set(name, staticFile(path.join(dir, name), 'no-cache'));
  for (const [name, [pkg, file]] of Object.entries(VENDOR_FILES)) {
    files.set(`vendor/${name}`, staticFile(path.join(packageDir(pkg), file), 'public, max-age=86400'));
  }
  return files;
}

/**
 * The file name a request under /console/ asks for, from the raw URL (before any normalisation), or `refused`
 * when a segment is `.`/`..`, hidden, or smuggles a separator or NUL once percent-decoded.
 */
export function consolePath(rawUrl: string): { name: string } | { refused: string } {
  const pathname = rawUrl.split(/[?#]/, 1)[0];
  if (!pathname.startsWith('/console/')) return { refused: 'not under /console/' };
  const segments = pathname.slice('/console/'.length).split('/');
  const names: string[] = [];
  for (const [index, segment] of segments.entries()) {
    let name: string;
    try {
      name = decodeURIComponent(segment);
    } catch {
      return { refused: `malformed escape in "${segment}"` };
    }
    if (name === '' && index === segments.length - 1) return { name: [...names, 'index.html'].join('/') };
    if (name === '' || name.startsWith('.') || /[/\\\0]/.test(name) || /[\\\0]/.test(segment)) {
      return { refused: `path segment "${segment}" is not a file name` };
    }
    names.push(name);
  }
  return { name: names.join('/') };
}

function send(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-security-policy': CONSOLE_CSP, ...headers });
  res.end(text);
}

function serveFile(file: StaticFile, method: string, ifNoneMatch: string | undefined, acceptEncoding: string, res: ServerResponse): void {
  const headers: Record<string, string> = {
    'content-type': file.type,
    'cache-control': file.cacheControl,
    etag: file.etag,
    vary: 'accept-encoding',
    'content-security-policy': CONSOLE_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
  };
  if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim() === file.etag)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  let body = file.body;
  if (/\bgzip\b/.test(acceptEncoding) && body.length > 1024) {
    file.gzipped ??= gzipSync(body);
    body = file.gzipped;
    headers['content-encoding'] = 'gzip';
  }
  headers['content-length'] = String(body.length);
  res.writeHead(200, headers);
  res.end(method === 'HEAD' ? undefined : body);
}

/** The routes to spread into the gateway's table: /console (→ /console/), /console/* and /graphiql. */
export function consoleRoutes(files: Map<string, StaticFile> = loadConsoleFiles()): Record<string, Route> {
  const serve = (name: string): Route => (req, res) => {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') return send(res, 405, 'Method not allowed', { allow: 'GET, HEAD' });
    const file = files.get(name);
    if (!file) return send(res, 404, `No console file ${name}`);
    serveFile(file, method, req.headers['if-none-match'], String(req.headers['accept-encoding'] ?? ''), res);
  };
  return {
    '/console': (_req, res) => send(res, 308, 'See /console/', { location: '/console/' }),
    '/console/*': (req, res, body) => {
      const asked = consolePath(req.url ?? '/');
      if ('refused' in asked) return send(res, 400, `Refused: ${asked.refused}`);
      return serve(asked.name)(req, res, body);
    },
    '/graphiql': serve('graphiql.html'),
  };
}
