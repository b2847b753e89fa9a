import { naverErrorKind, naverRetryAfterMs } from './errors';

const headers = (values: Record<string, string>) => new Headers(values);

describe('naverRetryAfterMs', () => {
  it('waits one replenish interval when the bucket is empty', () => {
    const h = headers({ 'GNCP-GW-RateLimit-Replenish-Rate': '10', 'GNCP-GW-RateLimit-Burst-Capacity': '20', 'GNCP-GW-RateLimit-Remaining': '0' });
    expect(naverRetryAfterMs(h)).toBe(100);
    expect(naverRetryAfterMs(headers({ 'GNCP-GW-RateLimit-Replenish-Rate': '30', 'GNCP-GW-RateLimit-Remaining': '0' }))).toBe(34);
  });

  it('waits a second for a spent per-second quota, and without any headers', () => {
    expect(naverRetryAfterMs(headers({ 'GNCP-GW-Quota-Period': 'SECONDS', 'GNCP-GW-Quota-Limit': '5', 'GNCP-GW-Quota-Remaining': '0' }))).toBe(1000);
    expect(naverRetryAfterMs(headers({}))).toBe(1000);
  });
});

describe('naverErrorKind', () => {
  it('reads the gateway codes before the status', () => {
    expect(naverErrorKind(429, 'GW.RATE_LIMIT')).toBe('rate_limited');
    expect(naverErrorKind(429, 'GW.QUOTA_LIMIT')).toBe('rate_limited');
    expect(naverErrorKind(401, 'GW.AUTHN')).toBe('auth');
    expect(naverErrorKind(403, 'GW.IP_NOT_ALLOWED')).toBe('auth');
    expect(naverErrorKind(504, 'GW.TIMEOUT.01')).toBe('timeout');
    expect(naverErrorKind(503, 'GW.BLOCK.01')).toBe('server');
    expect(naverErrorKind(500, 'GW.PROXY.03')).toBe('server');
    expect(naverErrorKind(404, 'GW.NOT_FOUND')).toBe('not_found');
    expect(naverErrorKind(400, 'BadRequest')).toBe('bad_request');
  });
});
