// Keyset cursors over (ordered_at DESC, id DESC): stable when orders are inserted while a client pages.
import { badUserInput } from '../../../platform/errors';

export interface OrderCursor { orderedAt: Date; id: string }
export type SortDirection = 'ASC' | 'DESC';

/** The cursor names its direction: a cursor of a newest-first list means nothing in an oldest-first one. */
export function encodeCursor(cursor: OrderCursor, direction: SortDirection = 'DESC'): string {
  return Buffer.from(JSON.stringify([cursor.orderedAt.toISOString(), cursor.id, direction])).toString('base64url');
}

export function decodeCursor(value: string, direction: SortDirection = 'DESC'): OrderCursor {
  let decoded: OrderCursor & { direction: string };
  try {
    const [orderedAt, id, dir = 'DESC'] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as [string, string, string?];
    const date = new Date(orderedAt);
    if (typeof id !== 'string' || Number.isNaN(date.getTime())) throw new Error('shape');
    decoded = { orderedAt: date, id, direction: dir };
  } catch {
    throw badUserInput(`"after" is not a cursor this API returned: "${value.slice(0, 64)}"`, 'after');
  }
  if (decoded.direction !== direction) throw badUserInput('"after" is a cursor of a list sorted the other way', 'after');
  return { orderedAt: decoded.orderedAt, id: decoded.id };
}

export const MAX_PAGE_SIZE = 100;

export function checkPageSize(first: number): void {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badUserInput(`"first" must be between 1 and ${MAX_PAGE_SIZE}, but got ${first}`, 'first');
  }
}
