// 11st products, providers/elevenst/README.md "Products": 다중상품조회 `POST /prodmarketservice/prodmarket` (rows
// `start`..`end` of a `<SearchProduct>`; element names UNVERIFIED), 상품조회 `GET /prodmarketservice/prodmarket/{prdNo}` (one
// product, guide apiSeq 1620) and 재고조회 `GET /prodmarketservice/prodmarket/stck/{prdNo}` (option stocks, as real clients
// read them). EUC-KR XML both ways, the `openapikey` header, errors as the order API's.
import { XMLParser } from 'fast-xml-parser';
import { ProviderError } from '../errors';
import type { ElevenstClientOptions } from './client';
import { elevenstError } from './errors';
import { asArray, parseElevenstXml, type RawFields } from './parse';
import { fetchEucKr } from './transport';

export interface ElevenstProduct {
  prdNo: string;
  prdNm: string;
  sellerPrdCd: string;
  selPrc: number;
  /** 103 판매중, 104 품절, 105 판매중지… */
  selStatCd: string;
}

export interface ElevenstStock {
  prdStckNo: string;
  mixDtlOptNm: string;
  stckQty: number;
  /** 01 사용, 02 품절 */
  prdStckStatCd: string;
  /** The option's added weight, which 재고수량 변경 takes back with the quantity. */
  optWght: string;
}

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, ignoreDeclaration: true, parseTagValue: false, trimValues: true });
const text = (value: unknown) => (value === undefined || value === null || typeof value === 'object' ? '' : String(value));
const xmlText = (value: string) => value.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
const fieldsOf = (element: unknown): RawFields =>
  Object.fromEntries(Object.entries((element ?? {}) as Record<string, unknown>).map(([k, v]) => [k, text(v)]));

export class ElevenstProductsClient {
  private readonly baseUrl: string;

  constructor(private readonly options: ElevenstClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  /** Rows `start`..`end` (from 1) of the seller's products. */
  async searchProducts(start: number, end: number): Promise<ElevenstProduct[]> {
    const what = `list 11st products ${start}-${end}`;
    const body = `<?xml version="1.0" encoding="euc-kr"?><SearchProduct><start>${start}</start><end>${end}</end></SearchProduct>`;
    const root = await this.call('/prodmarketservice/prodmarket', what, 'products', body);
    return asArray(root.product).map(fieldsOf).map((f) => ({
      prdNo: f.prdNo ?? '', prdNm: f.prdNm ?? '', sellerPrdCd: f.sellerPrdCd ?? '', selPrc: Number(f.selPrc || 0), selStatCd: f.selStatCd ?? '',
    }));
  }

  /** One product by its number (상품조회, guide apiSeq 1620): the same fields as a row of the list, under `<Product>`. */
  async product(prdNo: string): Promise<ElevenstProduct> {
    const what = `look up 11st product ${prdNo}`;
    const f = fieldsOf(await this.call(`/prodmarketservice/prodmarket/${encodeURIComponent(prdNo)}`, what, 'Product'));
    // An answer without the product's number is not this product (11st prints only `message` for some refusals).
    if (!f.prdNo) {
      throw new ProviderError({ provider: 'elevenst', kind: 'not_found', status: 200, message: `${what} failed: 11st answered without the product (${f.message ?? ''})`, secrets: [this.options.apiKey] });
    }
    return { prdNo: f.prdNo, prdNm: f.prdNm ?? '', sellerPrdCd: f.sellerPrdCd ?? '', selPrc: Number(f.selPrc || 0), selStatCd: f.selStatCd ?? '' };
  }

  /** The product's option stocks (재고번호 prdStckNo, quantity, state). */
  async productStocks(prdNo: string): Promise<ElevenstStock[]> {
    const what = `look up the stock of 11st product ${prdNo}`;
    const root = await this.call(`/prodmarketservice/prodmarket/stck/${encodeURIComponent(prdNo)}`, what, 'ProductStocks');
    return asArray(root.ProductStock).map(fieldsOf).map((f) => ({
      prdStckNo: f.prdStckNo ?? '', mixDtlOptNm: f.mixDtlOptNm ?? '', stckQty: Number(f.stckQty || 0), prdStckStatCd: f.prdStckStatCd ?? '',
      optWght: f.optWght ?? '',
    }));
  }

  /**
   * 상품 재고수량 변경처리 (11st guide apiSeq 1625): `PUT /prodservices/stockqty/{prdStckNo}` with a `<ProductStock>`,
   * answered by a `<ClientMessage>` whose resultCode is 200, or 400 / 404 / 500 with 11st's words.
   */
  async updateStock(input: { prdNo: string; prdStckNo: string; stckQty: number; optWght: string }): Promise<string> {
    const what = `set the stock of 11st option ${input.prdStckNo}`;
    const body = `<?xml version="1.0" encoding="euc-kr"?><ProductStock><prdNo>${xmlText(input.prdNo)}</prdNo><prdStckNo>${xmlText(input.prdStckNo)}</prdStckNo>`
      + `<stckQty>${input.stckQty}</stckQty><optWght>${xmlText(input.optWght || '0')}</optWght></ProductStock>`;
    const root = await this.call(`/prodservices/stockqty/${encodeURIComponent(input.prdStckNo)}`, what, 'ClientMessage', body, 'PUT');
    const code = text(root.resultCode).trim();
    if (code === '200') return text(root.message);
    const kind = code === '404' ? 'not_found' : code === '400' ? 'bad_request' : code === '500' && !/openapi\s*key/i.test(text(root.message)) ? 'bad_request' : code === '500' ? 'auth' : 'server';
    throw new ProviderError({
      provider: 'elevenst', kind, status: 200, providerCode: code || undefined,
      message: `${what} failed: 11st answered ${code || 'no resultCode'} (${text(root.message)})`, secrets: [this.options.apiKey],
    });
  }

  private async call(path: string, what: string, rootName: string, body?: string, method?: 'PUT'): Promise<Record<string, unknown>> {
    const secrets = [this.options.apiKey];
    const response = await fetchEucKr({
      what, url: `${this.baseUrl}${path}`, method: method ?? (body === undefined ? 'GET' : 'POST'), body,
      headers: { openapikey: this.options.apiKey, accept: 'text/xml' }, timeoutMs: this.options.timeoutMs, secrets,
    });
    let doc: Record<string, unknown> = {};
    try {
      doc = response.status === 200 ? (parser.parse(response.text) as Record<string, unknown>) : {};
    } catch {
      doc = {};
    }
    const root = doc[rootName];
    const rootFields = root && typeof root === 'object' ? (root as Record<string, unknown>) : root === '' ? {} : undefined;
    // A refusal keeps the root with a negative result_code, or comes as the order API's shapes (<result>, ErrorMessage).
    const refusedCode = rootFields ? Number(text(rootFields.result_code) || '0') : undefined;
    if (rootFields && !(refusedCode! < 0)) return rootFields;
    const answer = rootFields
      ? ({ kind: 'result', resultCode: refusedCode!, resultText: text(rootFields.result_text) } as const)
      : response.status === 200 ? parseElevenstXml(response.text) : ({ kind: 'unknown' } as const);
    const error = elevenstError({ what, status: response.status, answer, secrets });
    if (error) throw error;
    throw new ProviderError({ provider: 'elevenst', kind: 'server', status: response.status, message: `${what} failed: 11st did not answer with <${rootName}>`, secrets });
  }
}
