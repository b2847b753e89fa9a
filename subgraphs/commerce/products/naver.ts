// Naver SmartStore products, providers/naver/README.md "Products" (상품 목록 조회): paged by page and size, one
// Product per origin product (its first channel product's price, stock and status); each call one keyring.call,
// with one token per request and key.
import { NaverProductsClient, type NaverChannelProduct } from '../../../providers/naver/products';
import type { KeyLease } from '../../../keyring/keyring';
import { badUserInput } from '../../../platform/errors';
import { Marketplace } from '../../../platform/graphql/enums';
import type { MarketplaceDeps, ProductPage, ProductPageRequest } from '../marketplaces/types';
import type { Product } from './types';

interface NaverCredentials { clientId: string; clientSecret: string }

/** Page sizes asked of Naver (it takes up to 500; a dashboard page is far smaller). */
const MAX_SIZE = 100;

const krw = (amount: number) => ({ amount, currency: 'KRW' });

export function naverProduct(p: NaverChannelProduct): Product {
  // The price a buyer pays is the one after the seller's immediate discount; the sale price is then the list price.
  const price = p.discountedPrice ?? p.salePrice;
  const stock = p.stockQuantity ?? null;
  return {
    id: `${Marketplace.NAVER}:${p.originProductNo}`,
    marketplace: Marketplace.NAVER,
    externalId: String(p.originProductNo),
    sku: p.sellerManagementCode || String(p.originProductNo),
    name: p.name,
    price: krw(price),
    retailPrice: p.salePrice > price ? krw(p.salePrice) : null,
    selling: p.statusType === 'SALE',
    soldOut: p.statusType === 'OUTOFSTOCK' || stock === 0,
    stock,
    updatedAt: new Date(p.modifiedDate ?? p.regDate ?? 0),
  };
}

function parsePosition(position: string | null): { page: number; size: number; skip: number } | null {
  if (position === null) return null;
  const match = /^(\d{1,6})\|(\d{1,3})\|(\d{1,3})$/.exec(position);
  if (!match || Number(match[1]) < 1 || Number(match[2]) < 1 || Number(match[2]) > MAX_SIZE) {
    throw badUserInput('"after" is not a product cursor this API returned', 'after');
  }
  return { page: Number(match[1]), size: Number(match[2]), skip: Number(match[3]) + 1 };
}

export async function naverProducts(deps: MarketplaceDeps, tenantId: string, request: ProductPageRequest): Promise<ProductPage> {
  const clients = new Map<string, NaverProductsClient>();
  const search = (page: number, size: number) =>
    deps.keyring.call<NaverCredentials, Awaited<ReturnType<NaverProductsClient['searchProducts']>>>(
      { tenantId, provider: 'NAVER', operation: 'searchProducts' },
      (lease: KeyLease<NaverCredentials>) => {
        let client = clients.get(lease.keyId);
        if (!client) clients.set(lease.keyId, (client = new NaverProductsClient({ baseUrl: deps.baseUrls.naver, ...lease.credentials })));
        return client.searchProducts({ page, size });
      },
    );
  const count = async () => (await search(1, 1)).totalElements;
  if (request.first === 0) return { items: [], hasNextPage: true, count };
  const resume = parsePosition(request.after);
  const size = resume?.size ?? Math.min(request.first + 1, MAX_SIZE);
  let [page, skip] = resume ? [resume.page, resume.skip] : [1, 0];
  const items: ProductPage['items'] = [];
  let last = false;
  while (items.length <= request.first && !last) {
    const answer = await search(page, size);
    answer.contents.forEach((origin, i) => {
      const channel = origin.channelProducts[0];
      if (i >= skip && channel) items.push({ position: `${page}|${size}|${i}`, product: naverProduct(channel) });
    });
    last = answer.last ?? page >= answer.totalPages;
    // Further pages keep this size: a position names the page it was read from, at that size.
    [page, skip] = [page + 1, 0];
  }
  return { items: items.slice(0, request.first), hasNextPage: items.length > request.first || !last, count };
}
