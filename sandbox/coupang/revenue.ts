// Coupang WING Open API 매출내역 조회 (`GET /v2/providers/openapi/apis/api/v1/revenue-history`, providers/coupang/README.md
// "Settlements"): the vendor's sales by recognition date with fees and settlement amount, paged by `token`.
import type { Reply, SandboxRequest } from '../http';
import type { SandboxState } from '../state';
import { DAY_MS, kstDate } from '../time';
import { businessError } from './errors';
import { ok } from './ordersheets';
import { coupangStore, type OrderSheet } from './store';

export const REVENUE_PATH = '/v2/providers/openapi/apis/api/v1/revenue-history';
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_PER_PAGE = 50;
const MAX_RANGE_DAYS = 31;
/** The sandbox's own schedule and rates (UNVERIFIED upstream): paid 15 days after recognition, 9.8% + VAT, 3% on delivery. */
export const COUPANG_SETTLE_AFTER_DAYS = 15;
export const COUPANG_SERVICE_FEE_RATE = 0.098;
const DELIVERY_FEE_RATE = 0.03;

const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const plusDays = (day: string, days: number) => new Date(dayMs(day) + days * DAY_MS).toISOString().slice(0, 10);

/** A box counts on the KST day it was paid (the sandbox's stand-in for recognition, which is the purchase decision). */
function presentSale(sheet: OrderSheet): Record<string, unknown> {
  const recognitionDate = kstDate(sheet.paidAt);
  const items = sheet.items.map((item) => {
    const saleAmount = item.salesPrice * item.shippingCount;
    const serviceFee = Math.round(saleAmount * COUPANG_SERVICE_FEE_RATE);
    const serviceFeeVat = Math.round(serviceFee * 0.1);
    return {
      taxType: 'TAX', productId: item.productId, productName: item.sellerProductName, vendorItemId: item.vendorItemId, vendorItemName: item.vendorItemName,
      salePrice: item.salesPrice, quantity: item.shippingCount, coupangDiscountCoupon: 0, discountCouponPolicyAgree: true, saleAmount,
      sellerDiscountCoupon: 0, downloadableCoupon: 0, serviceFee, serviceFeeVat, serviceFeeRatio: COUPANG_SERVICE_FEE_RATE * 100,
      settlementAmount: saleAmount - serviceFee - serviceFeeVat,
    };
  });
  const fee = Math.round(sheet.shippingPrice * DELIVERY_FEE_RATE);
  const feeVat = Math.round(fee * 0.1);
  return {
    orderId: sheet.orderId, saleType: 'SALE', saleDate: kstDate(sheet.orderedAt), recognitionDate,
    settlementDate: plusDays(recognitionDate, COUPANG_SETTLE_AFTER_DAYS), items,
    deliveryFee: { amount: sheet.shippingPrice, fee, feeVat, feeRatio: DELIVERY_FEE_RATE * 100, settlementAmount: sheet.shippingPrice - fee - feeVat },
  };
}

export function revenueHistory(state: SandboxState, req: SandboxRequest): Reply {
  const from = req.query.get('recognitionDateFrom') ?? '';
  const to = req.query.get('recognitionDateTo') ?? '';
  for (const [name, value] of [['recognitionDateFrom', from], ['recognitionDateTo', to]]) {
    if (!DATE.test(value) || Number.isNaN(dayMs(value))) return businessError(400, `${name} must be yyyy-MM-dd, but got "${value}".`);
  }
  if (from > to) return businessError(400, 'recognitionDateFrom must not be after recognitionDateTo.');
  if ((dayMs(to) - dayMs(from)) / DAY_MS >= MAX_RANGE_DAYS) return businessError(400, `The recognition range must be at most ${MAX_RANGE_DAYS} days.`);
  const maxPerPage = Number(req.query.get('maxPerPage') ?? String(MAX_PER_PAGE));
  if (!Number.isInteger(maxPerPage) || maxPerPage < 1 || maxPerPage > MAX_PER_PAGE) return businessError(400, `maxPerPage must be 1 to ${MAX_PER_PAGE}.`);
  const token = req.query.get('token') || '0';
  const start = Number(token);
  if (!Number.isInteger(start) || start < 0) return businessError(400, `token is not valid: ${token}`);
  const sales = [...coupangStore(state).sheets.values()]
    .filter((s) => s.vendorId === req.params.vendorId && s.canceledAt === null)
    .filter((s) => kstDate(s.paidAt) >= from && kstDate(s.paidAt) <= to)
    .sort((a, b) => a.paidAt - b.paidAt || a.orderId - b.orderId);
  const page = sales.slice(start, start + maxPerPage).map(presentSale);
  const hasNext = start + maxPerPage < sales.length;
  return ok(page, { hasNext, nextToken: hasNext ? String(start + maxPerPage) : '' });
}
