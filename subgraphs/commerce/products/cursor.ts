// Product cursors: the marketplace plus that marketplace's own position (for Cafe24 the last product_no, a
// keyset), opaque to clients so a marketplace can change what it keeps there.
import { badUserInput } from '../../../platform/errors';
import type { Marketplace } from '../../../platform/graphql/enums';

export interface ProductCursor { marketplace: Marketplace; position: string }

export function encodeProductCursor(cursor: ProductCursor): string {
  return Buffer.from(JSON.stringify([cursor.marketplace, cursor.position])).toString('base64url');
}

/** Reads a cursor this API returned for one of `marketplaces`; anything else is the client's mistake. */
export function decodeProductCursor(value: string, marketplaces: Marketplace[]): ProductCursor {
  try {
    const [marketplace, position] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as [Marketplace, string];
    if (!marketplaces.includes(marketplace) || typeof position !== 'string') throw new Error('shape');
    return { marketplace, position };
  } catch {
    throw badUserInput(`"after" is not a product cursor this API returned for ${marketplaces.join(', ')}: "${value.slice(0, 64)}"`, 'after');
  }
}
