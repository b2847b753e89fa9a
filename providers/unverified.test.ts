// Every file that marks a provider fact UNVERIFIED is listed in the README's table of what is still unverified,
// with what would verify it: an assumption nobody can find is one nobody will check.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const DIRS = ['providers', 'sandbox', 'subgraphs', 'platform', 'keyring', 'gateway'];

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'fixtures' ? [] : sources(relative);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [relative] : [];
  });
}

test('every file with an UNVERIFIED mark is in the README', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('### What is still unverified'), readme.indexOf('## Pointing a client at a real provider'));
  const marked = DIRS.flatMap(sources).filter((file) => fs.readFileSync(path.join(ROOT, file), 'utf8').includes('UNVERIFIED'));
  expect(marked.length).toBeGreaterThan(0);
  expect(marked.filter((file) => !table.includes(`\`${file}\``))).toEqual([]);
});
