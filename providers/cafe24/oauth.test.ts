import { cafe24BasicAuth, parseCafe24Timestamp } from './oauth';
import { cafe24RetryAfterMs } from './errors';

describe('Cafe24 OAuth helpers', () => {
  it('reads offset-less token timestamps as Korean time', () => {
    expect(parseCafe24Timestamp('2021-03-01T14:00:00.000').toISOString()).toBe('2021-03-01T05:00:00.000Z');
  });

  it('keeps an explicit offset or Z', () => {
    expect(parseCafe24Timestamp('2021-03-01T14:00:00.000Z').toISOString()).toBe('2021-03-01T14:00:00.000Z');
    expect(parseCafe24Timestamp('2021-03-01T14:00:00+09:00').toISOString()).toBe('2021-03-01T05:00:00.000Z');
  });

  it('refuses an unreadable timestamp', () => {
    expect(() => parseCafe24Timestamp('yesterday')).toThrow('unreadable timestamp');
  });

  it('builds the Basic header from client id and secret', () => {
    expect(cafe24BasicAuth('id', 'secret')).toBe(`Basic ${Buffer.from('id:secret').toString('base64')}`);
  });
});

describe('cafe24RetryAfterMs', () => {
  it('prefers the seconds Cafe24 says remain', () => {
    expect(cafe24RetryAfterMs(new Headers({ 'x-cafe24-call-remain': '3', 'x-api-call-limit': '40/40' }))).toBe(3000);
  });

  it('otherwise waits for the bucket to drain the calls over capacity', () => {
    expect(cafe24RetryAfterMs(new Headers({ 'x-api-call-limit': '40/40' }))).toBe(500);
    expect(cafe24RetryAfterMs(new Headers({ 'x-api-call-limit': '43/40' }))).toBe(2000);
    expect(cafe24RetryAfterMs(new Headers())).toBe(500);
  });
});
