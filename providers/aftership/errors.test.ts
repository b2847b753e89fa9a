import { afterShipError, retryAfterMs } from './errors';

const response = (status: number, meta: unknown, headers: Record<string, string> = {}) => {
  const json = { meta, data: {} };
  return { status, headers: new Headers(headers), json, text: JSON.stringify(json) };
};
const NOW = Date.parse('2026-01-15T03:00:00.250Z');
const nowSecond = Math.floor(NOW / 1000);

describe('AfterShip errors', () => {
  it('reads status and meta into kinds and keeps the meta code', () => {
    const cases: Array<[number, number, string, string]> = [
      [429, 429, 'TooManyRequests', 'rate_limited'],
      [401, 401, 'Unauthorized', 'auth'],
      [404, 4004, 'NotFound', 'not_found'],
      [404, 404, 'NotFound', 'not_found'],
      [400, 4003, 'BadRequest', 'bad_request'],
      [500, 500, 'InternalError', 'server'],
    ];
    for (const [status, code, type, kind] of cases) {
      expect(afterShipError(response(status, { code, type, message: 'x' }), 'probe', [])).toMatchObject({ kind, status, providerCode: String(code) });
    }
  });

  it('waits until X-RateLimit-Reset on a 429', () => {
    const error = afterShipError(response(429, { code: 429, type: 'TooManyRequests' }, { 'X-RateLimit-Reset': String(nowSecond + 1) }), 'probe', [], NOW);
    expect(error.retryAfterMs).toBe(750);
  });

  it('falls back to one rate window when the reset is missing, past or implausibly far', () => {
    expect(retryAfterMs(new Headers(), NOW)).toBe(1000);
    expect(retryAfterMs(new Headers({ 'x-ratelimit-reset': String(nowSecond - 5) }), NOW)).toBe(1000);
    expect(retryAfterMs(new Headers({ 'x-ratelimit-reset': String(nowSecond + 86_400) }), NOW)).toBe(1000);
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }), NOW)).toBe(2000);
  });

  it('never repeats the key an error body echoes', () => {
    const key = 'asat_secret_key_that_leaks';
    const error = afterShipError(response(401, { code: 401, type: 'Unauthorized', message: `Invalid key ${key}` }), 'probe', [key]);
    expect(error.message).not.toContain(key);
  });
});
