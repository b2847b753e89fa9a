// Time formats the Korean providers put on the wire. They all speak KST (UTC+9), each in its own format,
// so the conversions live here once instead of being re-derived per provider.

const KST_OFFSET_MS = 9 * 3600_000;

function kstIsoBody(ms: number): string {
  return new Date(ms + KST_OFFSET_MS).toISOString(); // UTC ISO of the shifted instant = KST wall clock
}

/** `2018-07-04T11:21:35+09:00` (the mall's order dates, payments' requestedAt/approvedAt). */
export function kstIso(ms: number): string {
  return `${kstIsoBody(ms).slice(0, 19)}+09:00`;
}

/** `2021-03-01T14:00:00.000`, KST without an offset (the mall's token timestamps). */
export function kstLocalMillis(ms: number): string {
  return kstIsoBody(ms).slice(0, 23);
}

/** `2020-11-13 12:25:00` (the domestic tracker's timeString). */
export function kstDateTimeWithSpace(ms: number): string {
  return kstIsoBody(ms).slice(0, 19).replace('T', ' ');
}

/** `20260115` (the date part of the mall's order ids). */
export function kstCompactDate(ms: number): string {
  return kstIsoBody(ms).slice(0, 10).replace(/-/g, '');
}

/** `2026-01-15` in KST. */
export function kstDate(ms: number): string {
  return kstIsoBody(ms).slice(0, 10);
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses the mall's date parameter: `YYYY-MM-DD` or an ISO datetime. Korean APIs read a datetime
 * without an offset as KST, so one is added when missing.
 */
export function parseKstDateParam(text: string): { ms: number; dateOnly: boolean } | undefined {
  if (DATE_ONLY.test(text)) {
    const ms = Date.parse(`${text}T00:00:00+09:00`);
    return Number.isNaN(ms) ? undefined : { ms, dateOnly: true };
  }
  const match = DATE_TIME.exec(text);
  if (!match) return undefined;
  const ms = Date.parse(`${match[1]}T${match[2]}${match[3] ?? '+09:00'}`);
  return Number.isNaN(ms) ? undefined : { ms, dateOnly: false };
}

/** Adds calendar months on the KST calendar (the mall's "3 months" search window). */
export function addKstMonths(ms: number, months: number): number {
  const shifted = new Date(ms + KST_OFFSET_MS);
  shifted.setUTCMonth(shifted.getUTCMonth() + months);
  return shifted.getTime() - KST_OFFSET_MS;
}

export const DAY_MS = 86_400_000;
