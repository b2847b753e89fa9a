import { cafe24Windows, kstDate } from './cafe24';

const DAY_MS = 86_400_000;
/** Cafe24's rule as the sandbox applies it: end_date (a whole day) no later than start_date plus three months. */
function withinThreeMonths(startDate: string, endDate: string): boolean {
  const start = new Date(`${startDate}T00:00:00Z`);
  const limit = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 3, start.getUTCDate()));
  return Date.parse(`${endDate}T00:00:00Z`) <= limit.getTime();
}

describe('cafe24Windows', () => {
  test('one window for a short range', () => {
    const until = new Date('2026-01-15T03:00:00Z');
    expect(cafe24Windows(new Date(until.getTime() - 2 * DAY_MS), until)).toEqual([{ startDate: '2026-01-13', endDate: '2026-01-15' }]);
  });

  test.each(['2026-02-01', '2025-11-30', '2024-02-29', '2026-06-15'])('a year from %s: consecutive days, no gap, each window within three months', (from) => {
    const since = new Date(`${from}T05:00:00Z`);
    const until = new Date(since.getTime() + 365 * DAY_MS);
    const windows = cafe24Windows(since, until);
    expect(windows[0].startDate).toBe(kstDate(since));
    expect(windows.at(-1)!.endDate).toBe(kstDate(until));
    for (const [i, window] of windows.entries()) {
      expect(withinThreeMonths(window.startDate, window.endDate)).toBe(true);
      if (i > 0) expect(Date.parse(window.startDate) - Date.parse(windows[i - 1].endDate)).toBe(DAY_MS);
    }
  });
});
