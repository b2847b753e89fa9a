// Keyset cursors over (ordered_at DESC, id DESC): stable when orders are inserted while a client pages.
import { badUserInput } from '../../../platform/errors';

export interface OrderCursor { orderedAt: Date; id: string }

export function encodeCursor(cursor: OrderCursor): string {
  return Buffer.from(JSON.stringify([cursor.orderedAt.toISOString(), cursor.id])).toString('base64url');
}

export function decodeCursor(value: string): OrderCursor {
  try {
    const [orderedAt, id] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(orderedAt);
    if (typeof id !== 'string' || Number.isNaN(date.getTime())) throw new Error('shape');
    return { orderedAt: date, id };
  } catch {
    throw badUserInput(`"after" is not a cursor this API returned: "${value.slice(0, 64)}"`, 'after');
  }
}

export const MAX_PAGE_SIZE = 100;

export function checkPageSize(first: number): void {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badUserInput(`"first" must be between 1 and ${MAX_PAGE_SIZE}, but got ${first}`, 'first');
  }
}
