import { formatElevenstMinute, parseElevenstDateTime, splitQueryWindow } from './time';

describe('11st query times', () => {
  it('formats the KST minute, whatever the machine time zone', () => {
    expect(formatElevenstMinute(new Date('2026-01-07T14:59:59.999Z'))).toBe('202601072359');
    expect(formatElevenstMinute(new Date('2025-12-31T15:00:00Z'))).toBe('202601010000');
    expect(parseElevenstDateTime('2026-06-12 10:01:02').toISOString()).toBe('2026-06-12T01:01:02.000Z');
  });

  it('keeps a window of exactly 7 days (end minute included) as one query', () => {
    expect(splitQueryWindow(new Date('2025-12-31T15:00:00Z'), new Date('2026-01-07T14:59:00Z'))).toEqual([
      { start: '202601010000', end: '202601072359' },
    ]);
  });

  it('splits a 10-day window into two queries that neither overlap nor leave a gap', () => {
    expect(splitQueryWindow(new Date('2025-12-31T15:00:00Z'), new Date('2026-01-10T14:59:00Z'))).toEqual([
      { start: '202601010000', end: '202601072359' },
      { start: '202601080000', end: '202601102359' },
    ]);
  });

  it('refuses a window that ends before it starts, showing both ends', () => {
    expect(() => splitQueryWindow(new Date('2026-01-02T00:00:00Z'), new Date('2026-01-01T00:00:00Z'))).toThrow(
      /2026-01-02T00:00:00.000Z to 2026-01-01T00:00:00.000Z/,
    );
  });
});
