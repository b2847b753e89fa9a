// Cafe24 products, providers/cafe24/README.md "Products": paged by since_product_no (a keyset, so a page does not shift
// when products are added before it), variants and inventories embedded for stock; each call one keyring.call.
import { Cafe24Client, type Cafe24Product } from '../../../providers/cafe24';
import type { KeyLease } from '../../../keyring/keyring';
import { badUserInput } from '../../../platform/errors';
import { Marketplace } from '../../../platform/graphql/enums';
import { keyringTokenStore } from '../sync/cafe24';
import type { MarketplaceDeps, ProductPage, ProductPageRequest } from '../marketplaces/types';
import type { Product } from './types';

interface Cafe24Credentials { mallId: string; clientId: string; clientSecret: string }

/** Cafe24 lists at most 100 products a call. */
const CAFE24_MAX_LIMIT = 100;

function callCafe24<T>(deps: MarketplaceDeps, tenantId: string, operation: string, fn: (client: Cafe24Client) => Promise<T>): Promise<T> {
  return deps.keyring.call<Cafe24Credentials, T>({ tenantId, provider: 'CAFE24', operation }, (lease: KeyLease<Cafe24Credentials>) =>
    fn(new Cafe24Client({
      baseUrl: deps.baseUrls.cafe24,
      mallId: lease.credentials.mallId,
      clientId: lease.credentials.clientId,
      clientSecret: lease.credentials.clientSecret,
      redirectUri: deps.cafe24RedirectUri,
      tokens: keyringTokenStore(deps.keyring, lease.keyId),
    })),
  );
}

const krw = (amount: string) => ({ amount: Number(amount), currency: 'KRW' });

/** Stock is the sum over the variants whose inventory Cafe24 tracks (use_inventory T); none tracked: unknown. */
function stockOf(product: Cafe24Product): number | null {
  const tracked = (product.variants ?? []).map((v) => v.inventories).filter((i) => i?.use_inventory === 'T');
  return tracked.length ? tracked.reduce((sum, i) => sum + Number(i!.quantity ?? 0), 0) : null;
}

export function cafe24Product(product: Cafe24Product): Product {
  return {
    id: `${Marketplace.CAFE24}:${product.product_no}`,
    marketplace: Marketplace.CAFE24,
    externalId: String(product.product_no),
    sku: product.product_code,
    name: product.product_name,
    price: krw(product.price),
    // Cafe24 prints "0.00" for a list price the seller never set.
    retailPrice: Number(product.retail_price) > 0 ? krw(product.retail_price) : null,
    selling: product.selling === 'T',
    soldOut: product.sold_out === 'T',
    stock: stockOf(product),
    updatedAt: new Date(product.updated_date),
  };
}

function productNoAfter(position: string | null): number {
  if (position === null) return 0;
  if (!/^\d{1,15}$/.test(position)) throw badUserInput('"after" is not a product cursor this API returned', 'after');
  return Number(position);
}

export async function cafe24Products(deps: MarketplaceDeps, tenantId: string, request: ProductPageRequest): Promise<ProductPage> {
  const count = () => callCafe24(deps, tenantId, 'countProducts', (client) => client.countProducts());
  if (request.first === 0) return { items: [], hasNextPage: true, count };
  // One more than asked tells whether a next page exists; at 100 Cafe24's cap leaves a full page as the hint.
  const limit = Math.min(request.first + 1, CAFE24_MAX_LIMIT);
  const { products } = await callCafe24(deps, tenantId, 'listProducts', (client) =>
    client.listProducts({ limit, sinceProductNo: productNoAfter(request.after), embed: ['variants', 'inventories'] }),
  );
  const page = products.slice(0, request.first);
  return {
    items: page.map((p) => ({ position: String(p.product_no), product: cafe24Product(p) })),
    hasNextPage: products.length > request.first || (limit === request.first && products.length === limit),
    count,
  };
}

/** The product as the mall now has it, with its variants' inventories. */
async function readProduct(deps: MarketplaceDeps, tenantId: string, productNo: number): Promise<Cafe24Product> {
  const { products } = await callCafe24(deps, tenantId, 'listProducts', (client) =>
    client.listProducts({ productNo: [productNo], embed: ['variants', 'inventories'] }),
  );
  const product = products.find((p) => p.product_no === productNo);
  if (!product) throw badUserInput(`the mall has no product ${productNo}`, 'productId');
  return product;
}

/**
 * Cafe24 keeps stock per variant (Update a product variant inventory): a product with one variant is set whole, and
 * its inventory tracked from then on; one with several is refused, naming them. The product is read again after.
 */
export async function updateCafe24Stock(deps: MarketplaceDeps, tenantId: string, externalId: string, quantity: number): Promise<Product> {
  if (!/^\d{1,15}$/.test(externalId)) throw badUserInput(`"${externalId}" is not a Cafe24 product_no`, 'productId');
  const productNo = Number(externalId);
  const variants = (await readProduct(deps, tenantId, productNo)).variants ?? [];
  if (variants.length !== 1) {
    const names = variants.map((v) => v.variant_code).join(', ');
    throw badUserInput(`Cafe24 product ${productNo} has ${variants.length} variants (${names}); stock is set per variant, and this API sets it for single-variant products only`, 'productId');
  }
  await callCafe24(deps, tenantId, 'updateInventory', (client) => client.updateInventory(productNo, variants[0].variant_code, quantity));
  return cafe24Product(await readProduct(deps, tenantId, productNo));
}
