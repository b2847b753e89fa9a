// Naver SmartStore products, providers/naver/README.md "Products" (상품 목록 조회): paged by page and size, one
// Product per origin product (its first channel product's price, stock and status); stock set by 상품 옵션 재고 변경
// (one option combination) or (v2) 원상품 수정 (no options), and read back by (v2) 원상품 조회. Each call one keyring.call, with one token per request and key.
import { NaverProductsClient, type NaverChannelProduct, type NaverOriginProduct } from '../../../providers/naver/products';
import type { KeyLease } from '../../../keyring/keyring';
import { badUserInput } from '../../../platform/errors';
import { Marketplace } from '../../../platform/graphql/enums';
import type { MarketplaceDeps, ProductPage, ProductPageRequest } from '../marketplaces/types';
import type { Product } from './types';

interface NaverCredentials { clientId: string; clientSecret: string }

/** Page sizes asked of Naver (it takes up to 500; a dashboard page is far smaller). */
const MAX_SIZE = 100;

const krw = (amount: number) => ({ amount, currency: 'KRW' });

/** One Naver product as commerce shows it; `price` is what a buyer pays, `salePrice` the list price. */
function toProduct(p: { originProductNo: string; sku: string | null | undefined; name: string; salePrice: number; price: number; statusType: string; stock: number | null; updatedAt: Date }): Product {
  return {
    id: `${Marketplace.NAVER}:${p.originProductNo}`,
    marketplace: Marketplace.NAVER,
    externalId: p.originProductNo,
    sku: p.sku || p.originProductNo,
    name: p.name,
    price: krw(p.price),
    retailPrice: p.salePrice > p.price ? krw(p.salePrice) : null,
    selling: p.statusType === 'SALE',
    soldOut: p.statusType === 'OUTOFSTOCK' || p.stock === 0,
    stock: p.stock,
    updatedAt: p.updatedAt,
  };
}

export function naverProduct(p: NaverChannelProduct): Product {
  // The price a buyer pays is the one after the seller's immediate discount; the sale price is then the list price.
  return toProduct({
    originProductNo: String(p.originProductNo), sku: p.sellerManagementCode, name: p.name, salePrice: p.salePrice,
    price: p.discountedPrice ?? p.salePrice, statusType: p.statusType, stock: p.stockQuantity ?? null,
    updatedAt: new Date(p.modifiedDate ?? p.regDate ?? 0),
  });
}

/**
 * Naver's product calls for one request: each one keyring.call, with one client (so one token) per key the keyring
 * hands out, however many calls the request makes.
 */
function naverCaller(deps: MarketplaceDeps, tenantId: string) {
  const clients = new Map<string, NaverProductsClient>();
  return <T>(operation: string, run: (client: NaverProductsClient) => Promise<T>): Promise<T> =>
    deps.keyring.call<NaverCredentials, T>({ tenantId, provider: 'NAVER', operation }, (lease: KeyLease<NaverCredentials>) => {
      let client = clients.get(lease.keyId);
      if (!client) clients.set(lease.keyId, (client = new NaverProductsClient({ baseUrl: deps.baseUrls.naver, ...lease.credentials })));
      return run(client);
    });
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
  const callNaver = naverCaller(deps, tenantId);
  const search = (page: number, size: number) => callNaver('searchProducts', (client) => client.searchProducts({ page, size }));
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

/** The product as (v2) 원상품 조회 has it: its price after the seller's immediate discount, its stock over every option. */
export function naverOriginProduct(originProductNo: string, { originProduct: p }: NaverOriginProduct): Product {
  const discount = p.customerBenefit?.immediateDiscountPolicy?.discountMethod;
  const off = !discount ? 0 : discount.unitType === 'PERCENT' ? Math.floor((p.salePrice * discount.value) / 100) : discount.unitType === 'WON' ? discount.value : 0;
  // The origin product carries no modification time this API reads: the moment of reading stands in.
  return toProduct({
    originProductNo, sku: p.detailAttribute?.sellerCodeInfo?.sellerManagementCode, name: p.name, salePrice: p.salePrice,
    price: Math.max(0, p.salePrice - off), statusType: p.statusType, stock: p.stockQuantity ?? null, updatedAt: new Date(),
  });
}

/**
 * A product without options has one stock: (v2) 원상품 수정 with the product as read and only `stockQuantity` changed
 * (Naver removes what the request leaves out). A product with one option combination: 상품 옵션 재고 변경 for that
 * combination. Several combinations are refused: one quantity cannot say which combination it is for. The product is
 * read again after.
 */
export async function updateNaverStock(deps: MarketplaceDeps, tenantId: string, externalId: string, quantity: number): Promise<Product> {
  if (!/^\d{1,15}$/.test(externalId)) throw badUserInput(`"${externalId}" is not a Naver originProductNo`, 'productId');
  const originProductNo = Number(externalId);
  const callNaver = naverCaller(deps, tenantId);
  const read = await callNaver('readOriginProduct', (client) => client.readOriginProduct(originProductNo));
  const { originProduct } = read;
  const combinations = originProduct.detailAttribute?.optionInfo?.optionCombinations ?? [];
  if (combinations.length > 1) {
    const names = combinations.map((c) => `${String(c.optionName1 ?? '')} (${c.id})`.trim()).join(', ');
    throw badUserInput(`Naver product ${originProductNo} has ${combinations.length} option combinations (${names}); Naver keeps stock per combination and one quantity cannot say which one: set it in the SmartStore seller center`, 'productId');
  }
  if (combinations.length === 0) {
    await callNaver('updateOriginProduct', (client) =>
      client.updateOriginProduct(originProductNo, { ...read, originProduct: { ...originProduct, stockQuantity: quantity } }));
  } else {
    await callNaver('updateOptionStock', (client) =>
      client.updateOptionStock(originProductNo, { salePrice: originProduct.salePrice, combinations: [{ ...combinations[0], stockQuantity: quantity }] }));
  }
  return naverOriginProduct(externalId, await callNaver('readOriginProduct', (client) => client.readOriginProduct(originProductNo)));
}
