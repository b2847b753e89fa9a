// Issue 10, "one provider, one place": outside its own folders (providers/<name>/, sandbox/<name>/), the subgraphs
// that use it, tests and benchmarks, a provider's name appears only in the registry, the carrier table and the
// generated schema. Shared code (keyring/, platform/, gateway/, scripts/, the sandbox's shared files,
// subgraphs/keys) reaches a provider through its descriptor. This scans the repository's TypeScript and lists every
// file that names a provider where it should not, so a regression goes red with the files to fix.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { SubgraphName } from '../platform/config';
import { PROVIDER_NAMES, type Provider } from './registry';

const ROOT = join(__dirname, '..');

/** Spellings besides the lower-case name (matched case-insensitively, so `Cafe24` and `CAFE24` count too). */
const SPELLINGS: Partial<Record<Provider, string[]>> = {
  ELEVENST: ['11st', 'eleven st'],
  SWEETTRACKER: ['sweet tracker'],
  AFTERSHIP: ['after ship'],
  PORTONE: ['port one'],
  OPENBANKING: ['open banking'],
};

/** The subgraphs that use a provider, where naming it is their business (finance reads marketplaces' settlements). */
const USED_BY = {
  NAVER: ['commerce', 'finance'],
  CAFE24: ['commerce', 'finance'],
  COUPANG: ['commerce', 'finance'],
  ELEVENST: ['commerce', 'finance'],
  SWEETTRACKER: ['logistics'],
  AFTERSHIP: ['logistics'],
  PORTONE: ['finance'],
  TOSS: ['finance'],
  POPBILL: ['finance'],
  OPENBANKING: ['finance'],
  OPENAI: ['ai'],
  ANTHROPIC: ['ai'],
} as const satisfies Record<Provider, readonly SubgraphName[]>;

/** Where any provider may be named: the registry and the carrier table (schema/ and codegen output are not scanned). */
const EVERYONE_MAY = ['providers/registry.ts', 'platform/carriers.ts'];

/**
 * Known exceptions, each with why it stays. An entry that no longer names its provider fails too, so the list only
 * shrinks.
 */
const EXCEPTIONS: Partial<Record<Provider, Record<string, string>>> = {
  NAVER: {
    // The sandbox's Coupang buyers have e-mail addresses; a real domain makes the masking realistic.
    'sandbox/coupang/generate.ts': 'a buyer e-mail domain in generated sandbox data',
    'sandbox/coupang/present.ts': 'a buyer e-mail domain in a masking example',
  },
  CAFE24: {
    'subgraphs/keys/schema/cafe24.ts': 'the public connectCafe24/reconnectCafe24 mutations (CONTRACT.md) and their input',
    'subgraphs/keys/schema/connections.ts': 'lists the per-provider connection mutations above',
  },
  SWEETTRACKER: {
    // The sandbox's shared world: a parcel a marketplace ships is tracked under the tracker's carrier code.
    'sandbox/coupang/carriers.ts': "the marketplace's carrier codes mapped to the tracker's, for the shared parcels",
    'sandbox/coupang/generate.ts': 'a shipped box becomes a trackable parcel',
    'sandbox/elevenst/carriers.ts': "the marketplace's carrier codes mapped to the tracker's, for the shared parcels",
    'sandbox/elevenst/orders.ts': 'a dispatched line becomes a trackable parcel',
    'sandbox/naver/lifecycle.ts': 'a dispatched order becomes a trackable parcel',
    'sandbox/naver/parcel.ts': "the marketplace's carrier codes mapped to the tracker's, for the shared parcels",
    'subgraphs/keys/schema/types.ts': 'an example in a public GraphQL description (AddApiKeyInput.credentials)',
  },
  OPENBANKING: {
    'subgraphs/keys/schema/openbanking.ts': 'the public connectOpenBanking mutation (CONTRACT.md) and its input',
    'subgraphs/keys/schema/connections.ts': 'lists the per-provider connection mutations above',
  },
  TOSS: {
    // The sandbox's shared mall takes card payments through Toss and easy-pay through PortOne.
    'sandbox/portone/seed.ts': 'some of the shared mall’s Toss payments move to PortOne',
    'sandbox/portone/present.ts': 'the PG behind a PortOne payment (channel.pgProvider), as PortOne answers it',
  },
  OPENAI: {
    'subgraphs/keys/schema/types.ts': 'an example in a public GraphQL description (ApiKey.tokensPerMinute)',
  },
  ANTHROPIC: {
    'subgraphs/keys/schema/types.ts': 'an example in a public GraphQL description (ApiKey.tokensPerMinute)',
  },
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [relative(ROOT, path).split(sep).join('/')] : [];
  });
}

/** Tests, benchmarks, test helpers and generated code are not shared code. */
const notShared = (file: string) =>
  /\.test\.ts$/.test(file) || /(^|\/)testing\.ts$/.test(file) || /^(test|bench|schema|examples|console|deploy)\//.test(file) ||
  file.startsWith('providers/test-support/') || file.includes('/__generated__/');

const FILES = sourceFiles(ROOT).filter((file) => !notShared(file));
const TEXT = new Map(FILES.map((file) => [file, readFileSync(join(ROOT, file), 'utf8')]));

function ownPlace(provider: Provider, file: string): boolean {
  const lower = provider.toLowerCase();
  if (file.startsWith(`providers/${lower}/`) || file.startsWith(`sandbox/${lower}/`)) return true;
  if (EVERYONE_MAY.includes(file)) return true;
  return USED_BY[provider].some((subgraph: SubgraphName) => file.startsWith(`subgraphs/${subgraph}/`));
}

function filesNaming(provider: Provider): string[] {
  const words = [provider.toLowerCase(), ...(SPELLINGS[provider] ?? [])].map((w) => w.replace(/ /g, '[ _-]?'));
  const pattern = new RegExp(words.join('|'), 'i');
  return FILES.filter((file) => pattern.test(TEXT.get(file)!));
}

test('the scan sees the shared code (a sanity check on the file walk)', () => {
  for (const shared of ['keyring/resolver.ts', 'scripts/seed.ts', 'sandbox/registry.ts', 'subgraphs/keys/server.ts', 'gateway/oauth-callback.ts']) {
    expect(FILES).toContain(shared);
  }
});

test.each(PROVIDER_NAMES.map((p) => [p]))('%s is named only in its own folders, the subgraphs that use it and the registry', (provider) => {
  const naming = filesNaming(provider);
  const known = EXCEPTIONS[provider] ?? {};
  const outside = naming.filter((file) => !ownPlace(provider, file) && !(file in known));
  // Listed so the failure says which files to move behind the descriptor.
  expect(outside).toEqual([]);
  const stale = Object.keys(known).filter((file) => !naming.includes(file));
  expect(stale).toEqual([]);
});
