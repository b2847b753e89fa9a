// 11st products, providers/elevenst/README.md "Products": 다중상품조회 `POST /prodmarketservice/prodmarket` with a
// `<SearchProduct>` naming the rows wanted (`start`, `end`, from 1; UNVERIFIED element names) answers
// `<ns2:products><ns2:product>…`, and 재고조회 `GET /prodmarketservice/prodmarket/stck/{prdNo}` (corroborated by real
// clients) answers the product's option stocks `<ns2:ProductStocks><ns2:prdNo/><ns2:ProductStock>…`.
import { XMLParser } from 'fast-xml-parser';
import type { Reply, SandboxRequest } from '../http';
import { moduleState } from '../module-state';
import type { SandboxState } from '../state';
import { elements, eucKrXml, NS2 } from './xml';

interface ElevenstCatalogProduct {
  prdNo: string;
  prdNm: string;
  sellerPrdCd: string;
  selPrc: number;
  /** 103 판매중, 104 품절, 105 판매중지 (UNVERIFIED beyond these). */
  selStatCd: '103' | '104' | '105';
  options: Array<{ name: string; stckQty: number }>;
}

const STATUS_NAMES = { 103: '판매중', 104: '품절', 105: '판매중지' } as const;

/** The products the seeded orders sell (orders.ts), with option stocks. */
function catalog(state: SandboxState): ElevenstCatalogProduct[] {
  return moduleState(state, 'elevenst-products', () => [
    { prdNo: '4012345601', prdNm: '국내산 햅쌀 10kg', sellerPrdCd: 'RICE-10', selPrc: 32_900, selStatCd: '103', options: [{ name: '등급:상', stckQty: 40 }, { name: '등급:특', stckQty: 12 }] },
    { prdNo: '4012345602', prdNm: '무선 블루투스 이어폰', sellerPrdCd: 'EAR-BT', selPrc: 45_000, selStatCd: '103', options: [{ name: '색상:블랙', stckQty: 25 }, { name: '색상:화이트', stckQty: 9 }] },
    { prdNo: '4012345603', prdNm: '기모 후드 집업', sellerPrdCd: 'HOOD-01', selPrc: 29_800, selStatCd: '103', options: [{ name: '사이즈:M', stckQty: 5 }, { name: '사이즈:L', stckQty: 7 }, { name: '사이즈:XL', stckQty: 3 }] },
    { prdNo: '4012345604', prdNm: '스테인리스 텀블러 500ml', sellerPrdCd: 'TMB-500', selPrc: 15_900, selStatCd: '104', options: [{ name: '색상:실버', stckQty: 0 }, { name: '색상:민트', stckQty: 0 }] },
    { prdNo: '4012345605', prdNm: '유기농 녹차 티백 50개입', sellerPrdCd: 'TEA-50', selPrc: 12_000, selStatCd: '103', options: [{ name: '', stckQty: 220 }] },
  ]);
}

const parser = new XMLParser({ ignoreDeclaration: true, parseTagValue: false });
/** Rows asked for at most (UNVERIFIED). */
const MAX_ROWS = 500;

function productFields(p: ElevenstCatalogProduct): string {
  return elements([
    ['prdNo', p.prdNo], ['prdNm', p.prdNm], ['sellerPrdCd', p.sellerPrdCd], ['selPrc', p.selPrc],
    ['selStatCd', p.selStatCd], ['selStatNm', STATUS_NAMES[p.selStatCd]], ['dispCtgrNo', '1001234'],
    ['prdSelQty', p.options.reduce((sum, o) => sum + o.stckQty, 0)],
  ]);
}

export function searchProducts(state: SandboxState, req: SandboxRequest): Reply {
  let search: { SearchProduct?: { start?: string; end?: string } };
  try {
    search = parser.parse(req.body) as typeof search;
  } catch {
    search = {};
  }
  const start = Number(search.SearchProduct?.start ?? '1');
  const end = Number(search.SearchProduct?.end ?? String(start + 99));
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 1 || end < start || end - start + 1 > MAX_ROWS) {
    return eucKrXml(`<ns2:products xmlns:ns2="${NS2}"><ns2:result_code>-1000</ns2:result_code><ns2:result_text>조회 범위(start, end)가 올바르지 않습니다.</ns2:result_text></ns2:products>`);
  }
  const rows = catalog(state).slice(start - 1, end);
  const inner = rows.map((p) => `<ns2:product>${productFields(p)}</ns2:product>`).join('');
  return eucKrXml(`<ns2:products xmlns:ns2="${NS2}">${inner}</ns2:products>`);
}

/** 상품조회 (guide apiSeq 1620): one product under `<Product>`, with the fields of the guide's table opsgraph relies on. */
export function productLookup(state: SandboxState, req: SandboxRequest): Reply {
  const product = catalog(state).find((p) => p.prdNo === req.params.prdNo);
  // UNVERIFIED: how 11st answers an unknown prdNo (the guide shows only the success table); the list's refusal shape.
  if (!product) return eucKrXml(`<Product><result_code>-1001</result_code><result_text>상품정보가 존재하지 않습니다.</result_text></Product>`);
  return eucKrXml(`<Product>${elements([
    ['bndlDlvCnYn', 'N'], ['dispCtgrNo', '1001234'], ['dispCtgrStatCd', '03'], ['exchDlvCst', 5000],
    ['message', `[${product.prdNo}] 상품 정보가 정상적으로 조회되었습니다.`], ['optionAllAddPrc', 0], ['optionAllQty', 0],
    ['prdNm', product.prdNm], ['prdNo', product.prdNo], ['rtngdDlvCst', 2500], ['selPrc', product.selPrc], ['selStatCd', product.selStatCd],
    ['selStatNm', STATUS_NAMES[product.selStatCd]], ['sellerPrdCd', product.sellerPrdCd], ['aplBgnDy', '2026-01-01 00:00:00'], ['aplEndDy', '2099-12-31 23:59:59'],
  ])}</Product>`);
}

export function productStocks(state: SandboxState, req: SandboxRequest): Reply {
  const product = catalog(state).find((p) => p.prdNo === req.params.prdNo);
  if (!product) return eucKrXml(`<ns2:ProductStocks xmlns:ns2="${NS2}"><ns2:result_code>-1001</ns2:result_code><ns2:result_text>상품정보가 존재하지 않습니다.</ns2:result_text></ns2:ProductStocks>`);
  const stocks = product.options.map((o, i) => `<ns2:ProductStock>${elements([
    ['addPrc', 0], ['mixDtlOptNm', o.name || '단일상품'], ['mixOptNm', o.name.split(':')[0] ?? ''], ['mixOptNo', String(i + 1)],
    ['optWght', 0], ['prdNo', product.prdNo], ['prdStckNo', `${product.prdNo}${String(i + 1).padStart(2, '0')}`],
    ['prdStckStatCd', o.stckQty > 0 ? '01' : '02'], ['selQty', 0], ['sellerStockCd', `${product.sellerPrdCd}-${i + 1}`], ['stckQty', o.stckQty],
  ])}</ns2:ProductStock>`).join('');
  return eucKrXml(`<ns2:ProductStocks xmlns:ns2="${NS2}"><ns2:prdNo>${product.prdNo}</ns2:prdNo>${stocks}</ns2:ProductStocks>`);
}

/** The documented body of 재고수량 변경, read back. */
const STOCK_BODY = /<ProductStock>[\s\S]*<prdNo>(\d+)<\/prdNo>[\s\S]*<prdStckNo>(\d+)<\/prdStckNo>[\s\S]*<stckQty>([^<]*)<\/stckQty>/;
/** UNVERIFIED: the most units one option may hold (the guide names no limit). */
export const MAX_OPTION_STOCK = 99_999;

function clientMessage(productNo: string, code: number, message: string): Reply {
  return eucKrXml(`<ClientMessage>${elements([['productNo', productNo], ['message', message], ['resultCode', code]])}</ClientMessage>`);
}

/** 상품 재고수량 변경처리 (apiSeq 1625): `PUT /prodservices/stockqty/{prdStckNo}` with `<ProductStock>`, answered by `<ClientMessage>`. */
export function updateStock(state: SandboxState, req: SandboxRequest): Reply {
  const { prdStckNo } = req.params;
  const match = STOCK_BODY.exec(req.body ?? '');
  if (!match || match[2] !== prdStckNo || !/^\d+$/.test(match[3].trim())) return clientMessage(prdStckNo, 400, '잘못된 요청입니다.');
  const [, prdNo, , qty] = match;
  const product = catalog(state).find((p) => p.prdNo === prdNo);
  const index = product ? Number(prdStckNo.slice(prdNo.length)) - 1 : -1;
  const option = product && prdStckNo.startsWith(prdNo) ? product.options[index] : undefined;
  if (!product || !option) return clientMessage(prdStckNo, 404, `옵션재고 번호 ${prdStckNo}(상품번호:${prdNo})의 수량 업데이트 실패. MSG : 해당 상품/재고 번호 없음.`);
  const quantity = Number(qty.trim());
  if (quantity > MAX_OPTION_STOCK) return clientMessage(prdStckNo, 400, `옵션재고 번호 ${prdStckNo}(상품번호:${prdNo})의 수량 업데이트 실패. MSG : 재고수량은 ${MAX_OPTION_STOCK}개를 넘을 수 없습니다.`);
  option.stckQty = quantity;
  return clientMessage(prdStckNo, 200, `옵션재고 번호 ${prdStckNo}(상품번호:${prdNo})의 수량이 업데이트 되었습니다. 변경된 수량 : ${quantity}`);
}
