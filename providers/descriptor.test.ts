import { credential, headerCredential, hostLabel } from './descriptor';

test('a credential field refuses control characters, which would split or corrupt a header', () => {
  expect(credential().safeParse('abc\r\nX-Other: 1').success).toBe(false);
  expect(credential().safeParse('ab\u0000c').success).toBe(false);
  expect(credential().safeParse('ab\tc').success).toBe(false);
  // Surrounding whitespace (a pasted trailing newline) is trimmed, not refused.
  expect(credential().parse('  abc\n')).toBe('abc');
  expect(credential().safeParse('   ').success).toBe(false);
});

test('a header-bound field refuses what an HTTP header cannot carry', () => {
  expect(headerCredential().safeParse('key-키').success).toBe(false);
  expect(headerCredential().parse('test_sk_abc:é')).toBe('test_sk_abc:é');
});

test('a mall id must be one host-name label', () => {
  for (const bad of ['my.mall', 'mall/evil', '-mall', 'mall-', 'a'.repeat(64), 'mall id']) expect(hostLabel().safeParse(bad).success).toBe(false);
  for (const good of ['opsgraphdemo', 'my-mall', 'm1']) expect(hostLabel().parse(good)).toBe(good);
});
