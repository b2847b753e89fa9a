import { INPUT_LIMITS, checkCredentials, checkLength } from './input-limits';

const codeAndField = (run: () => void) => {
  try {
    run();
    return 'ok';
  } catch (error) {
    const { code, field } = (error as { extensions: Record<string, unknown> }).extensions;
    return `${String(code)} ${String(field)}`;
  }
};

test('a string over its limit is BAD_USER_INPUT naming the field; characters, not UTF-16 units, are counted', () => {
  expect(codeAndField(() => checkLength('label', 'x'.repeat(101), 100))).toBe('BAD_USER_INPUT label');
  expect(codeAndField(() => checkLength('label', '한'.repeat(100), 100))).toBe('ok');
  expect(codeAndField(() => checkLength('label', '😀'.repeat(100), 100))).toBe('ok');
  expect(codeAndField(() => checkLength('reason', null, 1))).toBe('ok');
});

test('credentials are a few short fields', () => {
  expect(codeAndField(() => checkCredentials('credentials', { apiKey: 'k', secretKey: 's' }))).toBe('ok');
  expect(codeAndField(() => checkCredentials('credentials', { apiKey: 'k'.repeat(INPUT_LIMITS.credentialValue + 1) }))).toBe('BAD_USER_INPUT credentials.apiKey');
  const many = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`f${i}`, 'x']));
  expect(codeAndField(() => checkCredentials('credentials', many))).toBe('BAD_USER_INPUT credentials');
  expect(codeAndField(() => checkCredentials('credentials', { nested: { deep: 'x'.repeat(20_000) } }))).toBe('BAD_USER_INPUT credentials');
});
