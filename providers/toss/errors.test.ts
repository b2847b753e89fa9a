import { tossBasicAuth, tossError } from './client';

const response = (status: number, json: unknown) => ({ status, headers: new Headers(), json, text: JSON.stringify(json) });

describe('Toss helpers', () => {
  it('puts the mandatory colon after the secret key', () => {
    expect(Buffer.from(tossBasicAuth('test_sk_abc').slice('Basic '.length), 'base64').toString()).toBe('test_sk_abc:');
  });

  it('reads the documented codes into kinds and keeps the code', () => {
    const cases: Array<[number, string, string]> = [
      [403, 'FORBIDDEN_CONSECUTIVE_REQUEST', 'rate_limited'],
      [401, 'UNAUTHORIZED_KEY', 'auth'],
      [403, 'INCORRECT_BASIC_AUTH_FORMAT', 'auth'],
      [403, 'NOT_CANCELABLE_PAYMENT', 'bad_request'],
      [404, 'NOT_FOUND_PAYMENT', 'not_found'],
      [500, 'FAILED_INTERNAL_SYSTEM_PROCESSING', 'server'],
    ];
    for (const [status, code, kind] of cases) {
      expect(tossError(response(status, { code, message: 'x' }), 'probe', [])).toMatchObject({ kind, providerCode: code, status });
    }
  });
});
