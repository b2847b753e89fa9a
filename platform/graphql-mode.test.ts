// platform/graphql-mode.ts: graphql-js runs without its development-mode check when NODE_ENV is unset, without
// NODE_ENV changing for anything else; GRAPHQL_DEV_CHECKS=on keeps the check. Each case is a fresh node process
// (graphql-js decides once, when it loads), started as the entry points are: `node -r ./platform/register.js`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const REPO = path.resolve(__dirname, '..');

// An object posing as a GraphQLObjectType from another copy of graphql: the development-mode check throws on it.
const PROBE = `
require('./platform/graphql-mode');
const { isObjectType } = require('graphql');
let verdict;
try { verdict = String(isObjectType({ [Symbol.toStringTag]: 'GraphQLObjectType' })); } catch (error) { verdict = /another module or realm/.test(error.message) ? 'checked' : error.message; }
console.log(JSON.stringify({ verdict, nodeEnv: process.env.NODE_ENV ?? null }));
`;

function probe(env: Record<string, string>): { verdict: string; nodeEnv: string | null } {
  const { NODE_ENV: _nodeEnv, GRAPHQL_DEV_CHECKS: _checks, ...inherited } = process.env;
  const out = execFileSync(process.execPath, ['-r', './platform/register.js', '-e', PROBE], { cwd: REPO, env: { ...inherited, ...env } });
  return JSON.parse(out.toString().trim().split('\n').at(-1)!) as { verdict: string; nodeEnv: string | null };
}

describe('graphql-js mode', () => {
  it('runs without the development-mode check when NODE_ENV is unset, and NODE_ENV stays unset', () => {
    expect(probe({})).toEqual({ verdict: 'false', nodeEnv: null });
  });

  it('keeps NODE_ENV=development as it was', () => {
    expect(probe({ NODE_ENV: 'development' })).toEqual({ verdict: 'false', nodeEnv: 'development' });
  });

  it('keeps the check with GRAPHQL_DEV_CHECKS=on', () => {
    expect(probe({ GRAPHQL_DEV_CHECKS: 'on' })).toEqual({ verdict: 'checked', nodeEnv: null });
  });

  it('is the first thing the entry points import', () => {
    for (const entry of ['scripts/start.ts', 'scripts/serve.ts']) {
      const firstImport = fs.readFileSync(path.join(REPO, entry), 'utf8').split('\n').find((line) => line.startsWith('import '));
      expect([entry, firstImport]).toEqual([entry, "import '../platform/graphql-mode'; // before anything loads graphql-js"]);
    }
  });
});
