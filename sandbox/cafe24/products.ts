// Cafe24 product search (providers/cafe24/README.md "Products" and "Pagination"): limit 1-100 (default 10), offset up to
// 5000, or the `since_product_no` keyset (not combinable with offset or sort); fields, embed=variants,inventories.
import { json, type Reply, type SandboxRequest } from '../http';
import type { SandboxState } from '../state';
import { kstIso } from '../time';
import { catalog, type CatalogProduct, type CatalogVariant } from './catalog';
import { adminError } from './errors';

const SORTS = {
  product_no: (p: CatalogProduct) => p.productNo,
  created_date: (p: CatalogProduct) => p.createdDate,
  updated_date: (p: CatalogProduct) => p.updatedDate,
  product_name: (p: CatalogProduct) => p.name,
} as const;
const EMBEDS = ['variants', 'inventories'];

interface ProductSearch {
  productNos?: Set<number>;
  sinceProductNo?: number;
  sort: keyof typeof SORTS;
  descending: boolean;
  limit: number;
  offset: number;
  fields?: string[];
  embed: Set<string>;
}

const invalid = (field: string, rule: string) => adminError(422, `Invalid parameter. (${field}) ${rule}`);
const money = (krw: number) => krw.toFixed(2);
const flag = (value: boolean) => (value ? 'T' : 'F');
const list = (value: string | null) => (value ? value.split(',').map((s) => s.trim()).filter(Boolean) : undefined);

function intParam(q: URLSearchParams, name: string, min: number, max: number): number | undefined | Reply {
  const raw = q.get(name);
  if (raw === null || raw === '') return undefined;
  const value = Number(raw);
  return Number.isInteger(value) && value >= min && value <= max ? value : invalid(name, `must be an integer from ${min} to ${max}`);
}

const isReply = (value: unknown): value is Reply => typeof value === 'object' && value !== null && 'status' in value;

function parseSearch(q: URLSearchParams): ProductSearch | Reply {
  const limit = intParam(q, 'limit', 1, 100);
  if (isReply(limit)) return limit;
  const offset = intParam(q, 'offset', 0, 5000);
  if (isReply(offset)) return offset;
  const since = intParam(q, 'since_product_no', 0, Number.MAX_SAFE_INTEGER);
  if (isReply(since)) return since;
  const sort = q.get('sort') ?? 'product_no';
  if (!(sort in SORTS)) return invalid('sort', `must be one of ${Object.keys(SORTS).join(', ')}`);
  const order = q.get('order') ?? 'asc';
  if (order !== 'asc' && order !== 'desc') return invalid('order', 'must be asc or desc');
  // The keyset walks product_no upwards; an offset or another order would make it meaningless.
  if (since !== undefined && (offset !== undefined || q.has('sort') || q.has('order'))) {
    return invalid('since_product_no', 'cannot be used together with offset, sort or order');
  }
  const productNos = list(q.get('product_no'))?.map(Number);
  if (productNos?.some((n) => !Number.isInteger(n) || n < 1)) return invalid('product_no', 'must be product numbers separated by commas');
  const embed = list(q.get('embed')) ?? [];
  const unknownEmbed = embed.find((e) => !EMBEDS.includes(e));
  if (unknownEmbed) return invalid('embed', `"${unknownEmbed}" is not one of ${EMBEDS.join(', ')}`);
  return {
    productNos: productNos && new Set(productNos), sinceProductNo: since, sort: sort as ProductSearch['sort'],
    descending: order === 'desc', limit: limit ?? 10, offset: offset ?? 0, fields: list(q.get('fields')), embed: new Set(embed),
  };
}

function matching(state: SandboxState, s: ProductSearch): CatalogProduct[] {
  const key = SORTS[s.sort];
  return catalog(state)
    .filter((p) => (!s.productNos || s.productNos.has(p.productNo)) && (s.sinceProductNo === undefined || p.productNo > s.sinceProductNo))
    .sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      const order = x < y ? -1 : x > y ? 1 : a.productNo - b.productNo;
      return s.descending ? -order : order;
    });
}

function presentVariant(product: CatalogProduct, variant: CatalogVariant, inventories: boolean) {
  return {
    shop_no: 1,
    variant_code: variant.code,
    options: variant.option === null ? null : [{ name: '사이즈', value: variant.option }],
    display: flag(product.display),
    selling: flag(product.selling),
    additional_amount: '0.00',
    ...(inventories
      ? {
          inventories: {
            shop_no: 1, variant_code: variant.code, use_inventory: flag(variant.useInventory), important_inventory: 'A',
            inventory_control_type: 'A', display_soldout: 'T', quantity: variant.quantity, safety_inventory: 0,
          },
        }
      : {}),
  };
}

function presentProduct(product: CatalogProduct, s: ProductSearch) {
  const full: Record<string, unknown> = {
    shop_no: 1,
    product_no: product.productNo,
    product_code: product.productCode,
    custom_product_code: '',
    product_name: product.name,
    price: money(product.price),
    retail_price: money(product.retailPrice),
    supply_price: money(product.supplyPrice),
    display: flag(product.display),
    selling: flag(product.selling),
    sold_out: flag(product.soldOut),
    created_date: kstIso(product.createdDate),
    updated_date: kstIso(product.updatedDate),
  };
  const shown = s.fields ? Object.fromEntries(Object.entries(full).filter(([name]) => s.fields!.includes(name))) : full;
  if (!s.embed.has('variants')) return shown;
  return { ...shown, variants: product.variants.map((v) => presentVariant(product, v, s.embed.has('inventories'))) };
}

export function listProducts(state: SandboxState, req: SandboxRequest): Reply {
  const search = parseSearch(req.query);
  if (isReply(search)) return search;
  const page = matching(state, search).slice(search.offset, search.offset + search.limit);
  return json(200, { products: page.map((p) => presentProduct(p, search)) });
}

export function countProducts(state: SandboxState, req: SandboxRequest): Reply {
  const search = parseSearch(req.query);
  if (isReply(search)) return search;
  return json(200, { count: matching(state, search).length });
}

export function getProduct(state: SandboxState, req: SandboxRequest): Reply {
  const search = parseSearch(new URLSearchParams({ embed: req.query.get('embed') ?? '' }));
  if (isReply(search)) return search;
  const product = catalog(state).find((p) => String(p.productNo) === req.params.product_no);
  if (!product) return adminError(404, `No product found with product_no ${req.params.product_no}.`);
  return json(200, { product: presentProduct(product, search) });
}

/** UNVERIFIED: the most units Cafe24 takes for one variant (its page names no limit). */
export const MAX_VARIANT_QUANTITY = 999_999;

/** Update a product variant inventory: `PUT …/products/{product_no}/variants/{variant_code}/inventories`, `{ shop_no, request }`. */
export function updateInventory(state: SandboxState, req: SandboxRequest): Reply {
  const product = catalog(state).find((p) => String(p.productNo) === req.params.product_no);
  if (!product) return adminError(404, `No product found with product_no ${req.params.product_no}.`);
  const variant = product.variants.find((v) => v.code === req.params.variant_code);
  if (!variant) return adminError(404, `No variant found with variant_code ${req.params.variant_code}.`);
  let request: Record<string, unknown> | undefined;
  try {
    request = (JSON.parse(req.body) as { request?: Record<string, unknown> }).request;
  } catch {
    request = undefined;
  }
  const quantity = request?.quantity;
  if (!request || typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 0 || quantity > MAX_VARIANT_QUANTITY) {
    return adminError(422, `quantity must be a whole number from 0 to ${MAX_VARIANT_QUANTITY}. (parameter.quantity)`);
  }
  if (request.use_inventory === 'T' || request.use_inventory === 'F') variant.useInventory = request.use_inventory === 'T';
  variant.quantity = quantity;
  return json(200, {
    inventory: {
      shop_no: 1, variant_code: variant.code, use_inventory: variant.useInventory ? 'T' : 'F', important_inventory: 'A',
      inventory_control_type: 'A', display_soldout: 'T', quantity: variant.quantity, safety_inventory: 0,
      // The documented answer names the variant's shipping origin (출고지 코드): the sandbox mall has one.
      origin_code: 'W00000BT',
    },
  });
}
