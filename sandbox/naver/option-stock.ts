// Naver Commerce API, providers/naver/README.md "Products": (v2) 원상품 조회 `GET /v2/products/origin-products/{originProductNo}`
// 상품 옵션 재고 변경 `PUT /v1/products/origin-products/{originProductNo}/option-stock` and (v2) 원상품 수정
// `PUT /v2/products/origin-products/{originProductNo}` on the sandbox catalog (products.ts).
// UNVERIFIED: the 원상품 조회 answer beyond the fields opsgraph reads, the option-stock success body (`{}` here), the
// refusal codes for an unknown product, and the status change at zero stock (OUTOFSTOCK, SALE again above zero).
import { json, type Reply, type SandboxRequest } from '../http';
import type { SandboxState } from '../state';
import { catalog, type NaverCatalogProduct } from './products';
import { badRequest, naverError } from './wire';

/** UNVERIFIED: the most units one combination may hold (the sandbox's bound; Naver's page names none in reach). */
const MAX_OPTION_STOCK = 99_999_999;

function findProduct(state: SandboxState, req: SandboxRequest): NaverCatalogProduct | Reply {
  const product = catalog(state).find((p) => String(p.originProductNo) === req.params.originProductNo);
  return product ?? naverError(state, 404, 'NOT_FOUND', '상품 정보가 존재하지 않습니다.');
}

function presentOriginProduct(p: NaverCatalogProduct) {
  const discount = p.salePrice - p.discountedPrice;
  return {
    originProduct: {
      statusType: p.statusType, saleType: 'NEW', leafCategoryId: '50000830', name: p.name,
      images: { representativeImage: { url: `https://shop-phinf.pstatic.net/sandbox/${p.originProductNo}.jpg` } },
      salePrice: p.salePrice, stockQuantity: p.stockQuantity,
      detailAttribute: {
        sellerCodeInfo: { sellerManagementCode: p.sellerManagementCode },
        ...(p.options.length ? {
          optionInfo: {
            optionCombinationSortType: 'CREATE', optionCombinationGroupNames: { optionGroupName1: '옵션' }, useStockManagement: true,
            optionCombinations: p.options.map((o) => ({
              id: o.id, optionName1: o.optionName1, stockQuantity: o.stockQuantity, price: o.price,
              sellerManagerCode: `${p.sellerManagementCode}-${o.optionName1}`, usable: o.usable,
            })),
          },
        } : {}),
      },
      ...(discount > 0 ? { customerBenefit: { immediateDiscountPolicy: { discountMethod: { value: discount, unitType: 'WON' } } } } : {}),
    },
    smartstoreChannelProduct: { channelProductDisplayStatusType: p.statusType === 'SALE' ? 'ON' : 'SUSPENSION', naverShoppingRegistration: true },
  };
}

export function readOriginProduct(state: SandboxState, req: SandboxRequest): Reply {
  const product = findProduct(state, req);
  return 'status' in product ? product : json(200, presentOriginProduct(product));
}

interface OptionStockBody {
  productSalePrice?: { salePrice?: unknown };
  optionInfo?: { optionCombinations?: Array<{ id?: unknown; stockQuantity?: unknown }> };
}

function parseBody(state: SandboxState, product: NaverCatalogProduct, raw: string): OptionStockBody | Reply {
  let body: OptionStockBody;
  try {
    body = JSON.parse(raw) as OptionStockBody;
  } catch {
    return badRequest(state, 'body', 'JSON 형식이 아닙니다.');
  }
  if (!body?.optionInfo || typeof body.optionInfo !== 'object') return badRequest(state, 'optionInfo', '옵션 정보는 필수입니다.');
  if (!product.options.length) return badRequest(state, 'optionInfo', '옵션 재고 및 옵션가 설정이 가능한 옵션 설정 상품에 대해 수정이 가능합니다.');
  const salePrice = body.productSalePrice?.salePrice;
  if (body.productSalePrice && (typeof salePrice !== 'number' || !Number.isInteger(salePrice) || salePrice < 0)) {
    return badRequest(state, 'productSalePrice.salePrice', '상품 판매 가격은 0 이상의 정수여야 합니다.');
  }
  for (const [i, c] of (body.optionInfo.optionCombinations ?? []).entries()) {
    if (!product.options.some((o) => o.id === c.id)) return badRequest(state, `optionInfo.optionCombinations[${i}].id`, '존재하지 않는 조합형 옵션입니다.');
    const qty = c.stockQuantity;
    if (typeof qty !== 'number' || !Number.isInteger(qty) || qty < 0 || qty > MAX_OPTION_STOCK) {
      return badRequest(state, `optionInfo.optionCombinations[${i}].stockQuantity`, `재고 수량은 0 이상 ${MAX_OPTION_STOCK} 이하여야 합니다.`);
    }
  }
  return body;
}

export function updateOptionStock(state: SandboxState, req: SandboxRequest): Reply {
  const product = findProduct(state, req);
  if ('status' in product) return product;
  const body = parseBody(state, product, req.body);
  if ('status' in body) return body;
  const salePrice = body.productSalePrice?.salePrice as number | undefined;
  if (salePrice !== undefined && salePrice !== product.salePrice) {
    product.discountedPrice = Math.max(0, salePrice - (product.salePrice - product.discountedPrice));
    product.salePrice = salePrice;
  }
  for (const c of body.optionInfo!.optionCombinations ?? []) product.options.find((o) => o.id === c.id)!.stockQuantity = c.stockQuantity as number;
  product.stockQuantity = product.options.reduce((sum, o) => sum + (o.usable ? o.stockQuantity : 0), 0);
  if (product.statusType !== 'SUSPENSION') product.statusType = product.stockQuantity === 0 ? 'OUTOFSTOCK' : 'SALE';
  product.modifiedDate = state.clock.now();
  return json(200, {});
}

interface OriginProductBody {
  originProduct?: {
    statusType?: unknown; name?: unknown; salePrice?: unknown; stockQuantity?: unknown;
    detailAttribute?: {
      sellerCodeInfo?: { sellerManagementCode?: unknown };
      optionInfo?: { optionCombinations?: Array<{ id?: unknown; stockQuantity?: unknown; usable?: unknown }> };
    };
    customerBenefit?: { immediateDiscountPolicy?: { discountMethod?: { value?: unknown; unitType?: unknown } } };
  };
}

const isCount = (value: unknown, max: number) => typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;

/** Naver's NotNull refusal, as its answer in commerce-api discussion #1903 quotes it (UNVERIFIED beyond that field). */
const notNull = (state: SandboxState, names: string[]) => naverError(state, 400, 'BAD_REQUEST', '입력한 데이터가 유효하지 않습니다.',
  names.map((name) => ({ name, type: 'NotNull', message: '데이터를 입력해주세요.' })));

/**
 * (v2) 원상품 수정 `PUT /v2/products/origin-products/{originProductNo}`: the whole product. As Naver answers in its
 * discussions, what the request leaves out is removed: no optionInfo drops the option combinations, no discount drops
 * the discount. UNVERIFIED: the success body (`{}` here) and which fields beyond salePrice are NotNull.
 */
export function updateOriginProduct(state: SandboxState, req: SandboxRequest): Reply {
  const product = findProduct(state, req);
  if ('status' in product) return product;
  let body: OriginProductBody;
  try {
    body = JSON.parse(req.body) as OriginProductBody;
  } catch {
    return badRequest(state, 'body', 'JSON 형식이 아닙니다.');
  }
  const o = body?.originProduct;
  if (!o || typeof o !== 'object') return notNull(state, ['originProduct']);
  const missing = (['salePrice', 'statusType', 'name'] as const).filter((field) => o[field] === undefined || o[field] === null);
  if (missing.length) return notNull(state, missing.map((field) => `originProduct.${field}`));
  if (!isCount(o.salePrice, 999_999_990)) return badRequest(state, 'originProduct.salePrice', '상품 판매 가격은 0 이상의 정수여야 합니다.');
  if (!isCount(o.stockQuantity, MAX_OPTION_STOCK)) return badRequest(state, 'originProduct.stockQuantity', `재고 수량은 0 이상 ${MAX_OPTION_STOCK} 이하여야 합니다.`);
  if (typeof o.name !== 'string' || !o.name.trim()) return badRequest(state, 'originProduct.name', '상품명은 필수입니다.');
  const combinations = o.detailAttribute?.optionInfo?.optionCombinations ?? [];
  for (const [i, c] of combinations.entries()) {
    const at = `originProduct.detailAttribute.optionInfo.optionCombinations[${i}]`;
    if (!product.options.some((option) => option.id === c.id)) return badRequest(state, `${at}.id`, '존재하지 않는 조합형 옵션입니다.');
    if (!isCount(c.stockQuantity, MAX_OPTION_STOCK)) return badRequest(state, `${at}.stockQuantity`, `재고 수량은 0 이상 ${MAX_OPTION_STOCK} 이하여야 합니다.`);
  }
  const salePrice = o.salePrice as number;
  const discount = o.customerBenefit?.immediateDiscountPolicy?.discountMethod;
  const off = typeof discount?.value !== 'number' ? 0 : discount.unitType === 'PERCENT' ? Math.floor((salePrice * discount.value) / 100) : discount.value;
  product.name = o.name;
  product.salePrice = salePrice;
  product.discountedPrice = Math.max(0, salePrice - off);
  const code = o.detailAttribute?.sellerCodeInfo?.sellerManagementCode;
  product.sellerManagementCode = typeof code === 'string' ? code : '';
  product.options = combinations.map((c) => {
    const option = product.options.find((known) => known.id === c.id)!;
    return { ...option, stockQuantity: c.stockQuantity as number, usable: typeof c.usable === 'boolean' ? c.usable : option.usable };
  });
  // With options, Naver keeps the product's stock as the sum of its combinations'; without, it is the one sent.
  product.stockQuantity = product.options.length
    ? product.options.reduce((sum, option) => sum + (option.usable ? option.stockQuantity : 0), 0)
    : o.stockQuantity as number;
  if (o.statusType === 'SUSPENSION') product.statusType = 'SUSPENSION';
  else product.statusType = product.stockQuantity === 0 ? 'OUTOFSTOCK' : 'SALE';
  product.modifiedDate = state.clock.now();
  return json(200, {});
}
