// Coupang WING Open API, providers/coupang/README.md (Seller products): the vendor's catalog. 상품 목록 페이징 조회
// (seller-products?vendorId&nextToken&maxPerPage), 상품 조회 (seller-products/{sellerProductId}, its items), 재고/가격/판매상태
// 조회 (vendor-items/{vendorItemId}/inventories) and 재고수량 변경 (vendor-items/{vendorItemId}/quantities/{quantity}).
// Success answers are `{code:"SUCCESS", message, data}`, unlike the order sheets' `{code:200}`.
import { json, type Reply, type SandboxRequest } from '../http';
import { moduleState } from '../module-state';
import type { SandboxState } from '../state';
import { kstLocalMillis } from '../time';
import { parseCeaHeader } from './auth';
import { businessError } from './errors';
import { coupangStore } from './store';

export const SELLER_API = '/v2/providers/seller_api/apis/api/v1/marketplace';

export interface CoupangCatalogItem {
  sellerProductItemId: number;
  vendorItemId: number;
  itemName: string;
  originalPrice: number;
  salePrice: number;
  externalVendorSku: string;
  amountInStock: number;
  onSale: boolean;
}

export interface CoupangCatalogProduct {
  vendorId: string;
  sellerProductId: number;
  productId: number;
  sellerProductName: string;
  displayCategoryCode: number;
  brand: string;
  statusName: string;
  createdAt: number;
  saleStartedAt: number;
  items: CoupangCatalogItem[];
}

/** The vendor's products, by sellerProductId, in registration order. */
function catalog(state: SandboxState): Map<number, CoupangCatalogProduct> {
  return moduleState(state, 'coupang-products', () => new Map<number, CoupangCatalogProduct>());
}

/** The products the seeded order sheets sell (sandbox/coupang/generate.ts), and a sold-out one, for `vendorId`. */
export function seedCatalog(state: SandboxState, vendorId: string): void {
  const now = state.clock.now();
  const rows: Array<[number, number, number, string, string, number, number, string, number]> = [
    [80240831, 31846051, 3242596358, '국산 햇 고춧가루 1kg', '1kg', 22_000, 19_900, 'CP-CHILI-1KG', 120],
    [80240832, 31846052, 3242596359, '유기농 현미 4kg', '4kg', 25_000, 23_500, 'CP-RICE-4KG', 64],
    [91230041, 40221877, 4112350871, '무선 핸디 청소기', '화이트', 99_000, 89_000, 'CP-VAC-WH', 15],
    [91230042, 40221878, 4112350872, '스테인리스 텀블러 500ml', '블랙', 12_900, 12_900, 'CP-TUM-BK', 300],
    [10023311, 52001934, 5100442193, '극세사 수면 양말 5켤레', '프리사이즈', 12_000, 9_900, 'CP-SOCKS-5', 0],
  ];
  const products = catalog(state);
  rows.forEach(([sellerProductId, productId, vendorItemId, name, item, originalPrice, salePrice, sku, stock], i) => {
    products.set(sellerProductId, {
      vendorId, sellerProductId, productId, sellerProductName: name, displayCategoryCode: 56137, brand: '오피에스',
      statusName: '승인완료', createdAt: now - (60 - i) * 86_400_000, saleStartedAt: now - (59 - i) * 86_400_000,
      items: [{
        sellerProductItemId: 1_000_000 + i, vendorItemId, itemName: item, originalPrice, salePrice, externalVendorSku: sku,
        amountInStock: stock, onSale: stock > 0,
      }],
    });
  });
}

const ok = (data: unknown, extra: Record<string, unknown> = {}): Reply => json(200, { code: 'SUCCESS', message: '', ...extra, data });
const kstDateTime = (ms: number) => kstLocalMillis(ms).slice(0, 19);

function summary(p: CoupangCatalogProduct) {
  return {
    sellerProductId: p.sellerProductId, sellerProductName: p.sellerProductName, displayCategoryCode: p.displayCategoryCode,
    categoryId: p.displayCategoryCode, productId: p.productId, vendorId: p.vendorId, mdId: 'md_sandbox', mdName: '샌드박스MD',
    saleStartedAt: kstDateTime(p.saleStartedAt), saleEndedAt: '2099-01-01T23:59:59', brand: p.brand, statusName: p.statusName,
    createdAt: kstDateTime(p.createdAt),
  };
}

/** The vendor the presented access key belongs to: seller_api paths name no vendor, the key does. */
export function vendorOfKey(state: SandboxState, req: SandboxRequest): string | undefined {
  const cea = parseCeaHeader(req.headers.authorization);
  return cea ? coupangStore(state).keys.get(cea.accessKey)?.vendorId : undefined;
}

const MAX_PER_PAGE = 100;

export function listSellerProducts(state: SandboxState, req: SandboxRequest): Reply {
  const maxPerPage = Number(req.query.get('maxPerPage') ?? '20');
  if (!Number.isInteger(maxPerPage) || maxPerPage < 1 || maxPerPage > MAX_PER_PAGE) {
    return businessError(400, `maxPerPage must be 1 to ${MAX_PER_PAGE}.`);
  }
  const mine = [...catalog(state).values()].filter((p) => p.vendorId === req.query.get('vendorId'));
  // nextToken is the position to start at; the first page sends none (or an empty one).
  const token = req.query.get('nextToken') || '1';
  const start = Number(token);
  if (!Number.isInteger(start) || start < 1) return businessError(400, `nextToken is not valid: ${token}`);
  const page = mine.slice(start - 1, start - 1 + maxPerPage);
  const next = start - 1 + maxPerPage < mine.length ? String(start + maxPerPage) : '';
  return ok(page.map(summary), { nextToken: next });
}

function owned(state: SandboxState, req: SandboxRequest, sellerProductId: number): CoupangCatalogProduct | undefined {
  const product = catalog(state).get(sellerProductId);
  return product && product.vendorId === vendorOfKey(state, req) ? product : undefined;
}

export function getSellerProduct(state: SandboxState, req: SandboxRequest): Reply {
  const product = owned(state, req, Number(req.params.sellerProductId));
  if (!product) return businessError(400, `업체상품[${req.params.sellerProductId}]이 존재하지 않습니다.`);
  return ok({
    ...summary(product),
    items: product.items.map((item) => ({
      sellerProductItemId: item.sellerProductItemId, vendorItemId: item.vendorItemId, itemName: item.itemName,
      originalPrice: item.originalPrice, salePrice: item.salePrice, maximumBuyCount: 999, maximumBuyForPerson: 0,
      outboundShippingTime: 1, externalVendorSku: item.externalVendorSku,
    })),
  });
}

function itemOf(state: SandboxState, req: SandboxRequest): CoupangCatalogItem | undefined {
  const vendorId = vendorOfKey(state, req);
  for (const product of catalog(state).values()) {
    if (product.vendorId !== vendorId) continue;
    const item = product.items.find((i) => String(i.vendorItemId) === req.params.vendorItemId);
    if (item) return item;
  }
  return undefined;
}

export function getInventory(state: SandboxState, req: SandboxRequest): Reply {
  const item = itemOf(state, req);
  if (!item) return businessError(400, `옵션[${req.params.vendorItemId}]이 존재하지 않습니다.`);
  return ok({ sellerItemId: item.sellerProductItemId, amountInStock: item.amountInStock, salePrice: item.salePrice, onSale: item.onSale });
}

/** Coupang takes 0 to 99,999 units per vendor item (UNVERIFIED upper bound). */
export const MAX_QUANTITY = 99_999;

export function updateQuantity(state: SandboxState, req: SandboxRequest): Reply {
  const item = itemOf(state, req);
  if (!item) return businessError(400, `옵션[${req.params.vendorItemId}]이 존재하지 않습니다.`);
  const quantity = Number(req.params.quantity);
  if (!/^\d+$/.test(req.params.quantity) || quantity > MAX_QUANTITY) {
    return businessError(400, `재고수량은 0 이상 ${MAX_QUANTITY} 이하로 입력해주세요. (${req.params.quantity})`);
  }
  item.amountInStock = quantity;
  return json(200, { code: 'SUCCESS', message: '재고변경을 완료했습니다.' });
}
