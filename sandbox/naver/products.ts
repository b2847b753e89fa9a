// Naver Commerce API, 상품 목록 조회 (`POST /v1/products/search`, providers/naver/README.md "Products"): the store's
// origin products, each with its channel products (스마트스토어), paged by `page` (from 1) and `size`. The answer
// is the page itself (`contents`, `page`, `size`, `totalElements`, `totalPages`, `sort`, `first`, `last`), without
// the `data` envelope of the order APIs. (v2) 원상품 조회 `GET /v2/products/origin-products/{originProductNo}` and 상품
// 옵션 재고 변경 `PUT /v1/products/origin-products/{originProductNo}/option-stock` read and set the option stocks.
import { json, type Reply, type SandboxRequest } from '../http';
import { moduleState } from '../module-state';
import type { SandboxState } from '../state';
import { badRequest, naverTime } from './wire';

export const PRODUCT_SEARCH_PATH = '/v1/products/search';

export interface NaverCatalogProduct {
  originProductNo: number;
  channelProductNo: number;
  name: string;
  sellerManagementCode: string;
  statusType: 'SALE' | 'OUTOFSTOCK' | 'SUSPENSION';
  salePrice: number;
  discountedPrice: number;
  /** Sum of the combinations' stock where the product has options (Naver keeps the two equal). */
  stockQuantity: number;
  /** 조합형 옵션; empty for a product without options. */
  options: Array<{ id: number; optionName1: string; stockQuantity: number; price: number; usable: boolean }>;
  regDate: number;
  modifiedDate: number;
}

/** Name, seller code, sale price, discounted price, and the stock of each option combination (none: no options). */
const ROWS: Array<[string, string, number, number, Array<[string, number]> | number]> = [
  ['무선 블루투스 이어폰', 'NV-EAR-BT', 39_000, 35_100, [['블랙', 48]]],
  ['저자극 수분 크림 50ml', 'NV-CREAM-50', 24_000, 24_000, [['50ml', 130]]],
  ['원목 모니터 받침대', 'NV-STAND-OAK', 45_000, 39_900, [['오크', 7]]],
  ['스테인리스 보온병 750ml', 'NV-BOTTLE-750', 21_000, 18_900, [['실버', 0]]],
  ['캠핑 접이식 의자', 'NV-CHAIR-CAMP', 32_000, 29_000, [['카키', 12], ['블랙', 10]]],
  ['데일리 코튼 양말 10켤레', 'NV-SOCKS-10', 15_900, 12_900, [['화이트', 410]]],
  ['LED 무드등', 'NV-LAMP-LED', 18_000, 18_000, 15],
];

export function catalog(state: SandboxState): NaverCatalogProduct[] {
  return moduleState(state, 'naver-products', () => {
    const now = state.clock.now();
    return ROWS.map(([name, code, salePrice, discountedPrice, stocks], i) => {
      const options = typeof stocks === 'number' ? [] : stocks.map(([optionName1, stockQuantity], j) => ({
        id: 30_405_060_001 + i * 10 + j, optionName1, stockQuantity, price: 0, usable: true,
      }));
      const stock = typeof stocks === 'number' ? stocks : options.reduce((sum, o) => sum + o.stockQuantity, 0);
      return {
        originProductNo: 10_203_040_001 + i, channelProductNo: 5_002_003_001 + i, name, sellerManagementCode: code,
        statusType: stock === 0 ? 'OUTOFSTOCK' : 'SALE', salePrice, discountedPrice, stockQuantity: stock, options,
        regDate: now - (90 - i) * 86_400_000, modifiedDate: now - (10 - i) * 3_600_000,
      } satisfies NaverCatalogProduct;
    });
  });
}

function presentChannelProduct(p: NaverCatalogProduct) {
  return {
    groupProductNo: null, originProductNo: p.originProductNo, channelProductNo: p.channelProductNo, channelServiceType: 'STOREFARM',
    categoryId: '50000830', name: p.name, sellerManagementCode: p.sellerManagementCode, statusType: p.statusType,
    channelProductDisplayStatusType: p.statusType === 'SALE' ? 'ON' : 'SUSPENSION', salePrice: p.salePrice,
    discountedPrice: p.discountedPrice, mobileDiscountedPrice: p.discountedPrice, stockQuantity: p.stockQuantity,
    knowledgeShoppingProductRegistration: true, deliveryAttributeType: 'NORMAL', deliveryFee: 3000, returnFee: 3000, exchangeFee: 6000,
    managerPurchasePoint: 0, wholeCategoryName: '생활/건강>생활용품', wholeCategoryId: '50000008>50000830',
    representativeImage: { url: `https://shop-phinf.pstatic.net/sandbox/${p.originProductNo}.jpg` }, brandName: '오피에스',
    manufacturerName: '오피에스', sellerTags: [], regDate: naverTime(p.regDate), modifiedDate: naverTime(p.modifiedDate),
  };
}

/** Naver takes page sizes up to 500 (UNVERIFIED upper bound). */
const MAX_SIZE = 500;

export function searchProducts(state: SandboxState, req: SandboxRequest): Reply {
  let body: { page?: unknown; size?: unknown };
  try {
    body = req.body.trim() ? (JSON.parse(req.body) as typeof body) : {};
  } catch {
    return badRequest(state, 'body', 'JSON 형식이 아닙니다.');
  }
  const page = body.page ?? 1;
  const size = body.size ?? 50;
  if (typeof page !== 'number' || !Number.isInteger(page) || page < 1) return badRequest(state, 'page', 'page는 1 이상이어야 합니다.');
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > MAX_SIZE) {
    return badRequest(state, 'size', `size는 1 이상 ${MAX_SIZE} 이하여야 합니다.`);
  }
  const all = catalog(state);
  const slice = all.slice((page - 1) * size, page * size);
  const totalPages = Math.ceil(all.length / size);
  return json(200, {
    contents: slice.map((p) => ({ originProductNo: p.originProductNo, channelProducts: [presentChannelProduct(p)] })),
    page, size, totalElements: all.length, totalPages,
    sort: { sorted: false, fields: [] },
    first: page === 1, last: page >= totalPages,
  });
}
