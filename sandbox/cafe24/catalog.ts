// The sandbox mall's product catalog (providers/cafe24/README.md "Products"): 40 products with Cafe24's sequential
// product_no (with the gaps deleted products leave), each with variants and their inventories.
import { moduleState } from '../module-state';
import { createPrng, pick } from '../prng';
import type { SandboxState } from '../state';

export interface CatalogVariant {
  code: string; // product_code + "000A", "000B"… as Cafe24 numbers them
  option: string | null; // null: the product has no options (its one variant is the product itself)
  useInventory: boolean;
  quantity: number;
}

export interface CatalogProduct {
  productNo: number;
  productCode: string;
  name: string;
  price: number; // integer KRW
  retailPrice: number; // 0: not set, as Cafe24 prints "0.00"
  supplyPrice: number;
  display: boolean;
  selling: boolean;
  soldOut: boolean;
  createdDate: number;
  updatedDate: number;
  variants: CatalogVariant[];
}

/**
 * The products the seeded orders sell (sandbox/orders.ts), with the same numbers, codes, names and prices, so
 * an order item's product_no/product_code finds its product. Repeated here: the orders module keeps its list private.
 */
const ORDERED = new Map<number, { code: string; name: string; price: number }>([
  [11, { code: 'P000000L', name: '오버핏 코튼 티셔츠', price: 19_000 }],
  [12, { code: 'P000000M', name: '와이드 데님 팬츠', price: 39_000 }],
  [13, { code: 'P000000N', name: '캐시미어 니트', price: 89_000 }],
  [14, { code: 'P000000O', name: '캔버스 토트백', price: 25_000 }],
  [15, { code: 'P000000P', name: '러닝 스니커즈', price: 69_000 }],
  [16, { code: 'P000000Q', name: '울 블렌드 코트', price: 159_000 }],
  [17, { code: 'P000000R', name: '양말 3종 세트', price: 9_900 }],
]);
/** Deleted products: Cafe24 never reuses a product_no, so a real catalog has holes the keyset must step over. */
const DELETED = new Set([5, 23, 31, 38]);
export const CATALOG_SIZE = 40;

const STYLES = ['베이직', '슬림핏', '오버핏', '린넨', '스트라이프', '빈티지', '크롭', '플리스'];
const ITEMS = ['셔츠', '맨투맨', '후드티', '슬랙스', '스커트', '가디건', '볼캡', '머플러', '백팩', '로퍼'];
const SIZES = ['S', 'M', 'L'];
const CREATED_FROM = Date.parse('2025-03-02T10:00:00+09:00');
const DAY_MS = 86_400_000;

/** Cafe24 product codes: "P" and seven base-36 digits, the same counter as the product_no (P000000L is no 11). */
function productCode(productNo: number): string {
  return ORDERED.get(productNo)?.code ?? `P${(productNo + 10).toString(36).toUpperCase().padStart(7, '0')}`;
}

function seedCatalog(): CatalogProduct[] {
  // Its own PRNG: drawing from state.random would change the orders seeded after the first product call.
  const r = createPrng(240_115);
  const products: CatalogProduct[] = [];
  for (let productNo = 1; products.length < CATALOG_SIZE; productNo++) {
    if (DELETED.has(productNo)) continue;
    const ordered = ORDERED.get(productNo);
    const code = productCode(productNo);
    const price = ordered?.price ?? (10 + Math.floor(r() * 140)) * 1000;
    const soldOut = !ordered && r() < 0.15;
    const withOptions = r() < 0.6;
    const useInventory = ordered !== undefined || r() < 0.8;
    const variants: CatalogVariant[] = (withOptions ? SIZES : [null]).map((option, i) => ({
      code: `${code}000${String.fromCharCode(65 + i)}`,
      option,
      useInventory,
      quantity: soldOut ? 0 : Math.floor(r() * 60),
    }));
    const createdDate = CREATED_FROM + (productNo - 1) * 5 * DAY_MS;
    products.push({
      productNo, productCode: code,
      name: ordered?.name ?? `${pick(STYLES, r())} ${pick(ITEMS, r())}`,
      price,
      retailPrice: r() < 0.5 ? Math.round((price * 1.3) / 1000) * 1000 : 0,
      supplyPrice: Math.round((price * 0.55) / 100) * 100,
      display: ordered !== undefined || r() < 0.9,
      selling: ordered !== undefined || r() < 0.85,
      soldOut,
      createdDate,
      updatedDate: createdDate + Math.floor(r() * 60) * DAY_MS + Math.floor(r() * DAY_MS),
      variants,
    });
  }
  return products;
}

/** The mall's products in product_no order; created on first use, the same on every run. */
export function catalog(state: SandboxState): CatalogProduct[] {
  return moduleState(state, 'cafe24.products', seedCatalog);
}
