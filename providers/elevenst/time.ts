// 11st order queries, providers/elevenst/README.md "Order queries": times are yyyyMMddHHmm in KST, and a query may span
// at most 7 days (UNVERIFIED limit), so longer windows are asked for in several queries.
const KST_OFFSET_MS = 9 * 3600_000;
const MINUTE_MS = 60_000;
export const MAX_QUERY_WINDOW_MS = 7 * 86_400_000;
/** The claim lists take up to 30 days ("조회 기간은 최대 30일", 11st's claim list pages). */
export const MAX_CLAIM_WINDOW_MS = 30 * 86_400_000;

/** `202601072359`: the KST minute holding `date`. */
export function formatElevenstMinute(date: Date): string {
  return new Date(date.getTime() + KST_OFFSET_MS).toISOString().slice(0, 16).replace(/[-T:]/g, '');
}

/** `2026-06-12 10:01:02` (KST, as 11st prints dates) → the instant. */
export function parseElevenstDateTime(text: string): Date {
  return new Date(`${text.trim().replace(' ', 'T')}+09:00`);
}

const show = (date: Date) => (Number.isNaN(date.getTime()) ? 'an invalid Date' : date.toISOString());

/**
 * Splits [from, to] into query windows of whole minutes; the end minute is included, so each window spans at
 * most 7 days from its first minute through its last, and consecutive windows neither overlap nor leave gaps.
 */
export function splitQueryWindow(from: Date, to: Date, maxMs = MAX_QUERY_WINDOW_MS): Array<{ start: string; end: string }> {
  const first = Math.floor(from.getTime() / MINUTE_MS) * MINUTE_MS;
  const last = Math.floor(to.getTime() / MINUTE_MS) * MINUTE_MS;
  if (Number.isNaN(first) || Number.isNaN(last) || last < first) {
    throw new RangeError(`an 11st order window must end at or after its start, but got ${show(from)} to ${show(to)}`);
  }
  const windows: Array<{ start: string; end: string }> = [];
  for (let start = first; start <= last; ) {
    const end = Math.min(last, start + maxMs - MINUTE_MS);
    windows.push({ start: formatElevenstMinute(new Date(start)), end: formatElevenstMinute(new Date(end)) });
    start = end + MINUTE_MS;
  }
  return windows;
}
