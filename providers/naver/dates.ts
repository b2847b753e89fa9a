// Naver Commerce API, providers/naver/README.md (Changed orders): instants go on the wire as ISO 8601 with an
// offset and milliseconds, e.g. `2022-04-11T15:21:44.000+09:00`; Korean time reads naturally in logs.
const KST_OFFSET_MS = 9 * 3_600_000;

/** A Date as Naver writes it in KST; a string is taken as already in Naver's form. */
export function naverDateTime(value: Date | string): string {
  if (typeof value === 'string') return value;
  return `${new Date(value.getTime() + KST_OFFSET_MS).toISOString().slice(0, 23)}+09:00`;
}

export function toMillis(value: Date | string): number {
  const ms = typeof value === 'string' ? Date.parse(value) : value.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`expected a Date or an ISO 8601 instant with offset, but got ${JSON.stringify(String(value))}`);
  return ms;
}
