// Coupang products, providers/coupang/README.md (Seller products): listed by nextToken, each product's items (상품 조회)
// and each item's stock (재고 조회) read live; each marketplace call one keyring.call. Stock is set per vendor item.
import { CoupangProductsClient, type CoupangInventory, type CoupangProductDetail } from '../../../providers/coupang';
import type { KeyLease } from '../../../keyring/keyring';
import { mapLimit } from '../../../platform/concurrency';
import { badUserInput } from '../../../platform/errors';
import { Marketplace } from '../../../platform/graphql/enums';
import type { MarketplaceDeps, ProductPage, ProductPageRequest } from '../marketplaces/types';
import type { Product } from './types';

interface CoupangCredentials { vendorId: string; accessKey: string; secretKey: string }

/** Coupang lists at most 100 products a page. */
const MAX_PER_PAGE = 100;
/** Item lookups in flight at once: the key's rate (keyring/limits.ts) spaces them anyway. */
const LOOKUPS_IN_FLIGHT = 4;
const KST = '+09:00';

function callCoupang<T>(deps: MarketplaceDeps, tenantId: string, operation: string, fn: (client: CoupangProductsClient) => Promise<T>): Promise<T> {
  return deps.keyring.call<CoupangCredentials, T>({ tenantId, provider: 'COUPANG', operation }, (lease: KeyLease<CoupangCredentials>) =>
    fn(new CoupangProductsClient({ baseUrl: deps.baseUrls.coupang, ...lease.credentials })),
  );
}

const krw = (amount: number) => ({ amount, currency: 'KRW' });

/** One Product over the seller product's vendor items: the lowest price, the summed stock. */
export function coupangProduct(detail: CoupangProductDetail, inventories: CoupangInventory[]): Product {
  const first = detail.items[0];
  const prices = inventories.length ? inventories.map((i) => i.salePrice) : detail.items.map((i) => i.salePrice);
  const price = Math.min(...prices);
  const retail = Math.max(0, ...detail.items.map((i) => i.originalPrice ?? 0));
  const stock = inventories.length ? inventories.reduce((sum, i) => sum + i.amountInStock, 0) : null;
  return {
    id: `${Marketplace.COUPANG}:${detail.sellerProductId}`,
    marketplace: Marketplace.COUPANG,
    externalId: String(detail.sellerProductId),
    sku: first?.externalVendorSku || String(detail.sellerProductId),
    name: detail.sellerProductName,
    price: krw(price),
    retailPrice: retail > price ? krw(retail) : null,
    selling: detail.statusName === '승인완료' && inventories.some((i) => i.onSale),
    soldOut: stock === 0,
    stock,
    // Coupang's product answer dates creation only, in KST without an offset.
    updatedAt: new Date(detail.createdAt ? `${detail.createdAt}${KST}` : 0),
  };
}

async function readProduct(deps: MarketplaceDeps, tenantId: string, sellerProductId: number | string): Promise<Product> {
  const detail = await callCoupang(deps, tenantId, 'getSellerProduct', (client) => client.getProduct(sellerProductId));
  const items = detail.items.filter((item): item is typeof item & { vendorItemId: number } => item.vendorItemId !== null);
  const inventories = await mapLimit(items, LOOKUPS_IN_FLIGHT, (item) =>
    callCoupang(deps, tenantId, 'getInventory', (client) => client.getInventory(item.vendorItemId)),
  );
  return coupangProduct(detail, inventories);
}

/** A position is the page's own request (its nextToken and size) and the product's index in it: pages are replayable. */
function parsePosition(position: string | null): { token: string; size: number; skip: number } | null {
  if (position === null) return null;
  const match = /^([\w-]{0,64})\|(\d{1,3})\|(\d{1,3})$/.exec(position);
  if (!match || Number(match[2]) < 1 || Number(match[2]) > MAX_PER_PAGE) throw badUserInput('"after" is not a product cursor this API returned', 'after');
  return { token: match[1], size: Number(match[2]), skip: Number(match[3]) + 1 };
}

export async function coupangProducts(deps: MarketplaceDeps, tenantId: string, request: ProductPageRequest): Promise<ProductPage> {
  const count = async () => {
    let total = 0;
    let nextToken = '';
    do {
      const page = await callCoupang(deps, tenantId, 'listSellerProducts', (client) => client.listProducts({ maxPerPage: MAX_PER_PAGE, nextToken }));
      total += page.products.length;
      nextToken = page.nextToken;
    } while (nextToken !== '');
    return total;
  };
  if (request.first === 0) return { items: [], hasNextPage: true, count };
  const resume = parsePosition(request.after);
  let token = resume?.token ?? '';
  let size = resume?.size ?? Math.min(request.first + 1, MAX_PER_PAGE);
  let skip = resume?.skip ?? 0;
  const listed: Array<{ position: string; sellerProductId: number }> = [];
  let more = true;
  while (listed.length <= request.first && more) {
    const pageToken = token;
    const page = await callCoupang(deps, tenantId, 'listSellerProducts', (client) => client.listProducts({ maxPerPage: size, nextToken: pageToken }));
    page.products.forEach((p, i) => {
      if (i >= skip) listed.push({ position: `${pageToken}|${size}|${i}`, sellerProductId: p.sellerProductId });
    });
    more = page.nextToken !== '';
    [token, skip, size] = [page.nextToken, 0, Math.min(request.first + 1, MAX_PER_PAGE)];
  }
  const shown = listed.slice(0, request.first);
  const products = await mapLimit(shown, 1, (entry) => readProduct(deps, tenantId, entry.sellerProductId));
  return {
    items: shown.map((entry, i) => ({ position: entry.position, product: products[i] })),
    hasNextPage: listed.length > request.first || more,
    count,
  };
}

/** Units Coupang takes per vendor item (UNVERIFIED upper bound; Coupang answers its own refusal beyond it). */
const MAX_QUANTITY = 99_999;

/** 재고수량 변경 for a product of one vendor item; a product of several items names them and changes nothing. */
export async function updateCoupangStock(deps: MarketplaceDeps, tenantId: string, sellerProductId: string, quantity: number): Promise<Product> {
  if (quantity > MAX_QUANTITY) throw badUserInput(`"quantity" must be at most ${MAX_QUANTITY} at Coupang, but got ${quantity}`, 'quantity');
  const detail = await callCoupang(deps, tenantId, 'getSellerProduct', (client) => client.getProduct(sellerProductId));
  const items = detail.items.filter((item) => item.vendorItemId !== null);
  if (items.length !== 1) {
    const names = items.map((i) => `${i.itemName} (${i.vendorItemId})`).join(', ');
    throw badUserInput(`Coupang product ${sellerProductId} has ${items.length} vendor items (${names}); stock is set per item, and this API sets it for single-item products only`, 'productId');
  }
  await callCoupang(deps, tenantId, 'updateQuantity', (client) => client.updateQuantity(items[0].vendorItemId!, quantity));
  return readProduct(deps, tenantId, sellerProductId);
}
