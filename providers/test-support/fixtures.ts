// Test-only: the documented examples a provider's client and the sandbox are held to (issue 12, "keep the sandbox
// honest"). Each provider keeps them in providers/<name>/fixtures/<example>.json:
//
//   {
//     "source": "https://developers.example.com/page#section",   // the documentation page it was copied from
//     "note": "optional: what was left out or adapted, and why",
//     "request": { "method": "GET", "path": "/v1/things/1", "query": { ... }, "body": { ... } },   // optional
//     "response": { "status": 200, "body": { ... } }
//   }
//
// A streamed answer keeps its SSE body as text (`"body": "event: message_start\ndata: {…}\n\n…"`, with
// `"headers": { "content-type": "text/event-stream; charset=utf-8" }`), compared event by event by ./sse.ts.
//
// A client test parses every fixture's response body; a sandbox test sends the fixture's request (with the demo
// credentials) and checks that the sandbox's answer has the documented shape: the same field names, types and
// nesting (values may differ). A sandbox that drifts from the documented example fails its test.
import fs from 'node:fs';
import path from 'node:path';

export interface FixtureRequest {
  method: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface Fixture {
  /** The documentation page (URL) the example was copied from. */
  source: string;
  note?: string;
  request?: FixtureRequest;
  /** `body` is a string for a streamed answer: the SSE body as sent. */
  response: { status: number; headers?: Record<string, string>; body: unknown };
}

/** Every fixture of a provider, by file name without `.json`, sorted by name. */
export function loadFixtures(provider: string): Array<{ name: string; fixture: Fixture }> {
  const dir = path.resolve(__dirname, '..', provider, 'fixtures');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const fixture = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Fixture;
      if (typeof fixture.source !== 'string' || !/^https?:\/\//.test(fixture.source)) {
        throw new Error(`${provider}/fixtures/${file}: "source" must be the documentation page's URL`);
      }
      if (!fixture.response || typeof fixture.response.status !== 'number') {
        throw new Error(`${provider}/fixtures/${file}: "response" needs a status and a body`);
      }
      return { name: file.replace(/\.json$/, ''), fixture };
    });
}

/** One fixture by name; throws when it does not exist. */
export function fixture(provider: string, name: string): Fixture {
  const found = loadFixtures(provider).find((entry) => entry.name === name);
  if (!found) throw new Error(`no fixture ${provider}/fixtures/${name}.json`);
  return found.fixture;
}

type Kind = 'null' | 'string' | 'number' | 'boolean' | 'array' | 'object';

const kindOf = (value: unknown): Kind =>
  value === null || value === undefined ? 'null' : Array.isArray(value) ? 'array' : (typeof value as Kind);

/**
 * The differences between the shape of `actual` and the shape of `documented`: a field the documentation has and the
 * answer lacks (or the reverse), or a field of another type. A documented `null` accepts any type (the docs show an
 * absent value), and an answer's `null` is accepted where the documentation shows a value only when `nullable`
 * lists its path. Arrays compare each element of the answer with the documented array's first element (an empty
 * documented array accepts any elements). Linear in the size of both values.
 */
export function shapeDifferences(
  actual: unknown,
  documented: unknown,
  options: { nullable?: string[]; at?: string } = {},
): string[] {
  const out: string[] = [];
  const nullable = new Set(options.nullable ?? []);
  const walk = (a: unknown, d: unknown, at: string): void => {
    const da = kindOf(a);
    const dd = kindOf(d);
    if (dd === 'null') return;
    if (da === 'null') {
      if (!nullable.has(at)) out.push(`${at || '(root)'}: documented as ${dd}, answered null`);
      return;
    }
    if (da !== dd) {
      out.push(`${at || '(root)'}: documented as ${dd}, answered ${da}`);
      return;
    }
    if (dd === 'array') {
      const [first] = d as unknown[];
      if (first === undefined) return;
      (a as unknown[]).forEach((element) => walk(element, first, `${at}[]`));
      return;
    }
    if (dd === 'object') {
      const ao = a as Record<string, unknown>;
      const doc = d as Record<string, unknown>;
      for (const key of Object.keys(doc)) {
        const child = at ? `${at}.${key}` : key;
        if (!(key in ao)) {
          if (doc[key] !== null && !nullable.has(child)) out.push(`${child}: documented, missing from the answer`);
          continue;
        }
        walk(ao[key], doc[key], child);
      }
      for (const key of Object.keys(ao)) {
        if (!(key in doc)) out.push(`${at ? `${at}.${key}` : key}: answered, not in the documented example`);
      }
    }
  };
  walk(actual, documented, options.at ?? '');
  return out;
}

/** Throws with every difference when the answer's shape is not the documented one. */
export function expectDocumentedShape(actual: unknown, documented: unknown, options: { nullable?: string[] } = {}): void {
  const differences = shapeDifferences(actual, documented, options);
  if (differences.length > 0) throw new Error(`the answer drifts from the documented example:\n  ${differences.join('\n  ')}`);
}
