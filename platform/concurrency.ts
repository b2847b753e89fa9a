/** Maps with at most `limit` calls in flight: a page of lookups must not open 50 sockets to one provider at once. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  });
  await Promise.all(workers);
  return results;
}

/** Like mapLimit, but a failure becomes an Error value in its place (as a DataLoader batch expects). */
export function settleLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<Array<R | Error>> {
  return mapLimit(items, limit, (item) =>
    fn(item).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
  );
}
