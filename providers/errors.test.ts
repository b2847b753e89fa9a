import { ProviderError, kindForStatus, redactSecrets, retryAfterHeaderMs } from './errors';

describe('ProviderError', () => {
  it('masks every credential it was given, raw and base64, out of its message', () => {
    const secret = 'test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R';
    const error = new ProviderError({
      provider: 'toss',
      kind: 'auth',
      message: `refused ${secret} and Basic ${Buffer.from(secret).toString('base64')}`,
      secrets: [secret],
    });
    expect(error.message).not.toContain(secret);
    expect(error.message).not.toContain(Buffer.from(secret).toString('base64'));
    expect(error.message).toContain('[redacted]');
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ provider: 'toss', kind: 'auth', name: 'ProviderError' });
  });

  it('leaves short values alone so ordinary words are not masked', () => {
    expect(redactSecrets('order 1234 failed', ['1234'])).toBe('order 1234 failed');
  });

  it('reads HTTP statuses into kinds', () => {
    expect([429, 401, 403, 404, 400, 422, 500, 503, 504].map(kindForStatus)).toEqual([
      'rate_limited', 'auth', 'auth', 'not_found', 'bad_request', 'bad_request', 'server', 'server', 'timeout',
    ]);
  });
});

test('retryAfterHeaderMs reads Retry-After as seconds or as an HTTP date, and nothing else', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  expect(retryAfterHeaderMs(new Headers({ 'retry-after': '1.5' }), now)).toBe(1500);
  expect(retryAfterHeaderMs(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:04 GMT' }), now)).toBe(4000);
  expect(retryAfterHeaderMs(new Headers({ 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' }), now)).toBe(0);
  expect(retryAfterHeaderMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
  expect(retryAfterHeaderMs(new Headers(), now)).toBeUndefined();
  expect(retryAfterHeaderMs(undefined, now)).toBeUndefined();
});
