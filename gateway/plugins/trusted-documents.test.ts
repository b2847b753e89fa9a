import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { createLogger } from '../../platform/logger';
import { TrustedDocuments, parseManifest, DEFAULT_MANIFEST_PATH, type ReloadResult } from './trusted-documents';

const entry = (document: string) => [`sha256:${createHash('sha256').update(document).digest('hex')}`, document] as const;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsgraph-trusted-'));
const file = path.join(dir, 'persisted-documents.json');
const logger = createLogger('test', 'silent');
let opened: TrustedDocuments | null = null;

afterEach(() => opened?.close());
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// fs.watch may report one write as several events: wait for the reload that shows the expected outcome.
let waiting: { until: (result: ReloadResult) => boolean; resolve: (result: ReloadResult) => void } | null = null;
const onReload = (result: ReloadResult) => {
  if (waiting?.until(result)) waiting.resolve(result);
};
const reloadWhere = (until: (result: ReloadResult) => boolean) =>
  new Promise<ReloadResult>((resolve) => (waiting = { until, resolve }));

test('the generated manifest parses and every id is the sha256 of its document', () => {
  const documents = parseManifest(fs.readFileSync(DEFAULT_MANIFEST_PATH, 'utf8'));
  expect(documents.size).toBeGreaterThanOrEqual(2);
});

test('refuses a manifest whose id does not match its document', () => {
  const [id] = entry('query A { orders { totalCount } }');
  expect(() => parseManifest(JSON.stringify({ [id]: 'query B { orders { totalCount } }' }))).toThrow(/is not the sha256/);
});

test('finds documents by sha256:<hex> and by bare hex', () => {
  const [id, document] = entry('query A { orders { totalCount } }');
  fs.writeFileSync(file, JSON.stringify({ [id]: document }));
  opened = TrustedDocuments.open({ manifestPath: file, logger });
  expect(opened.get(id)).toBe(document);
  expect(opened.get(id.slice('sha256:'.length))).toBe(document);
  expect(opened.get('sha256:0000')).toBeUndefined();
});

test('reloads when the file changes, and keeps the previous documents when the new file is invalid', async () => {
  const [idA, a] = entry('query A { orders { totalCount } }');
  const [idB, b] = entry('query B { orders { totalCount } }');
  fs.writeFileSync(file, JSON.stringify({ [idA]: a }));
  opened = TrustedDocuments.open({ manifestPath: file, logger, onReload });
  expect(opened.size).toBe(1);

  let reloaded = reloadWhere((result) => result.ok && result.count === 2);
  fs.writeFileSync(file, JSON.stringify({ [idA]: a, [idB]: b }));
  await reloaded;
  expect(opened.get(idB)).toBe(b);

  reloaded = reloadWhere((result) => !result.ok);
  fs.writeFileSync(file, '{ not json');
  expect(await reloaded).toMatchObject({ ok: false, error: expect.stringMatching(/JSON/) });
  expect(opened.get(idA)).toBe(a);
  expect(opened.get(idB)).toBe(b);
});
