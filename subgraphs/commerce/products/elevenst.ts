// 11st products, providers/elevenst/README.md "Products": rows of 다중상품조회 (the row number is the cursor), each
// product's stock the sum of its option stocks (재고조회), one product read back by 상품조회; each call one keyring.call.
import { ElevenstProductsClient, type ElevenstProduct, type ElevenstStock } from '../../../providers/elevenst/products';
import type { KeyLease } from '../../../keyring/keyring';
import { mapLimit } from '../../../platform/concurrency';
import { badUserInput } from '../../../platform/errors';
import { Marketplace } from '../../../platform/graphql/enums';
import type { MarketplaceDeps, ProductPage, ProductPageRequest } from '../marketplaces/types';
import type { Product } from './types';

/** Rows asked for per call: a dashboard page, and never more than 11st's range allows. */
const MAX_ROWS = 100;

function callElevenst<T>(deps: MarketplaceDeps, tenantId: string, operation: string, fn: (client: ElevenstProductsClient) => Promise<T>): Promise<T> {
  return deps.keyring.call<{ apiKey: string }, T>({ tenantId, provider: 'ELEVENST', operation }, (lease: KeyLease<{ apiKey: string }>) =>
    fn(new ElevenstProductsClient({ baseUrl: deps.baseUrls.elevenst, apiKey: lease.credentials.apiKey })),
  );
}

export function elevenstProduct(p: ElevenstProduct, stocks: ElevenstStock[]): Product {
  const stock = stocks.reduce((sum, s) => sum + s.stckQty, 0);
  return {
    id: `${Marketplace.ELEVENST}:${p.prdNo}`,
    marketplace: Marketplace.ELEVENST,
    externalId: p.prdNo,
    sku: p.sellerPrdCd || p.prdNo,
    name: p.prdNm,
    price: { amount: p.selPrc, currency: 'KRW' },
    retailPrice: null,
    selling: p.selStatCd === '103',
    soldOut: p.selStatCd === '104' || stock === 0,
    stock,
    // 11st's product rows carry no modification time this API reads: the moment of reading stands in.
    updatedAt: new Date(),
  };
}

function rowAfter(position: string | null): number {
  if (position === null) return 0;
  if (!/^\d{1,7}$/.test(position)) throw badUserInput('"after" is not a product cursor this API returned', 'after');
  return Number(position);
}

export async function elevenstProducts(deps: MarketplaceDeps, tenantId: string, request: ProductPageRequest): Promise<ProductPage> {
  const rows = (start: number, end: number) => callElevenst(deps, tenantId, 'searchProducts', (client) => client.searchProducts(start, end));
  const count = async () => {
    let total = 0;
    for (let start = 1; ; start += MAX_ROWS) {
      const page = await rows(start, start + MAX_ROWS - 1);
      total += page.length;
      if (page.length < MAX_ROWS) return total;
    }
  };
  if (request.first === 0) return { items: [], hasNextPage: true, count };
  const after = rowAfter(request.after);
  const wanted = Math.min(request.first + 1, MAX_ROWS);
  const listed = await rows(after + 1, after + wanted);
  const shown = listed.slice(0, request.first);
  const stocks = await mapLimit(shown, 1, (p) => callElevenst(deps, tenantId, 'productStocks', (client) => client.productStocks(p.prdNo)));
  return {
    items: shown.map((p, i) => ({ position: String(after + i + 1), product: elevenstProduct(p, stocks[i]) })),
    hasNextPage: listed.length > request.first || (wanted === request.first && listed.length === wanted),
    count,
  };
}

/** The product as 11st now has it: its one-product lookup (상품조회), not a walk through the catalog. */
async function readProduct(deps: MarketplaceDeps, tenantId: string, prdNo: string, stocks: ElevenstStock[]): Promise<Product> {
  return elevenstProduct(await callElevenst(deps, tenantId, 'product', (client) => client.product(prdNo)), stocks);
}

/**
 * 재고수량 변경 is per option stock (prdStckNo): a product with one option is set whole; one with several is refused,
 * naming them, as Coupang's multi-item products are. The stock is read again after the change.
 */
export async function updateElevenstStock(deps: MarketplaceDeps, tenantId: string, prdNo: string, quantity: number): Promise<Product> {
  const stocks = await callElevenst(deps, tenantId, 'productStocks', (client) => client.productStocks(prdNo));
  if (stocks.length !== 1) {
    const names = stocks.map((s) => `${s.mixDtlOptNm} (${s.prdStckNo})`).join(', ');
    throw badUserInput(`11st product ${prdNo} has ${stocks.length} option stocks (${names}); 11st sets stock per option, and this API sets it for single-option products only`, 'productId');
  }
  const [option] = stocks;
  await callElevenst(deps, tenantId, 'updateStock', (client) => client.updateStock({ prdNo, prdStckNo: option.prdStckNo, stckQty: quantity, optWght: option.optWght }));
  const after = await callElevenst(deps, tenantId, 'productStocks', (client) => client.productStocks(prdNo));
  return readProduct(deps, tenantId, prdNo, after);
}
