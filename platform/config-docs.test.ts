// The README's configuration table names every variable opsgraph reads: a setting added to config.ts without a
// row fails here.
import fs from 'node:fs';
import path from 'node:path';
import { configVariables } from './config';

test('every configuration variable has a row in the README table', () => {
  const readme = fs.readFileSync(path.resolve(__dirname, '..', 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1));
  const rows = new Set([...table.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map(([, name]) => name));
  expect(configVariables().filter((name) => !rows.has(name))).toEqual([]);
  expect(configVariables()).toEqual(expect.arrayContaining(['LOG_LEVEL', 'HOST', 'DATABASE_URL', 'TOSS_BASE_URL']));
});
