// What each marketplace will pay out and when, from its settlement API through the key resolver (providers/naver/settle.ts,
// providers/coupang/revenue.ts, providers/elevenst/settlements.ts), read into one shape: a payout per settlement date.
// Cafe24 is the tenant's own mall: it pays out nothing (its PGs do, see own-mall.ts), so asking for it is refused.
import type { Keyring } from '../../keyring/keyring';
import { badUserInput } from '../../platform/errors';
import type { Marketplace } from '../../platform/graphql/enums';
import { CoupangRevenueClient, COUPANG_REVENUE_RANGE_DAYS, type CoupangRevenue } from '../../providers/coupang';
import { ElevenstSettlementClient, type ElevenstSettlementLine } from '../../providers/elevenst';
import { NaverSettleClient, type NaverDailySettle } from '../../providers/naver';
import { providerFailure } from '../shared/provider-errors';

export type SettlementStatus = 'SCHEDULED' | 'PAID';

/** One payout: amounts in whole won, days as yyyy-MM-dd (KST). gross − commission − deductions = netPayout. */
export interface SettlementRow {
  settlementDate: string;
  periodStart: string;
  periodEnd: string;
  grossSales: number;
  commission: number;
  deductions: number;
  netPayout: number;
  status: SettlementStatus;
}

export interface SettlementDeps {
  keyring: Keyring;
  baseUrls: { naver: string; coupang: string; elevenst: string };
  /** The clock that says whether a payout date has come (Coupang and 11st give no status). */
  now?: () => number;
}

interface Query { tenantId: string; from: string; to: string; today: string }
type Source = (deps: SettlementDeps, query: Query) => Promise<SettlementRow[]>;

const DAY_MS = 86_400_000;
const kstToday = (now: number) => new Date(now + 9 * 3_600_000).toISOString().slice(0, 10);
const n = (value: number | null | undefined) => value ?? 0;

const SOURCES = {
  NAVER: naverSettlements,
  COUPANG: coupangSettlements,
  ELEVENST: elevenstSettlements,
  CAFE24: () => {
    throw badUserInput('CAFE24 is the tenant\'s own mall: no marketplace settles it (its payments are in Order.payment)', 'marketplace');
  },
} satisfies Record<Marketplace, Source>;

/** The payouts of `marketplace` for sales between two KST days (inclusive), by settlement date. */
export async function settlements(deps: SettlementDeps, tenantId: string, marketplace: Marketplace, from: string, to: string): Promise<SettlementRow[]> {
  const query = { tenantId, from, to, today: kstToday((deps.now ?? Date.now)()) };
  const source: Source = SOURCES[marketplace];
  try {
    return (await source(deps, query)).sort((a, b) => a.settlementDate.localeCompare(b.settlementDate) || a.periodStart.localeCompare(b.periodStart));
  } catch (error) {
    throw providerFailure(marketplace, error);
  }
}

// Naver (일별 정산): one row per basis day, paid when settleCompleteDate is set. commissionSettleAmount is negative
// (money withheld); everything else between pay and settle (benefits, holdbacks, offsets) is a deduction.
async function naverSettlements(deps: SettlementDeps, q: Query): Promise<SettlementRow[]> {
  const rows = await deps.keyring.call<{ clientId: string; clientSecret: string }, NaverDailySettle[]>(
    { tenantId: q.tenantId, provider: 'NAVER', operation: 'settleDaily' },
    (lease) => new NaverSettleClient({ baseUrl: deps.baseUrls.naver, ...lease.credentials }).daily(q.from, q.to),
  );
  return rows.map((row) => {
    const gross = n(row.paySettleAmount);
    const commission = Math.abs(n(row.commissionSettleAmount));
    const net = n(row.settleAmount);
    return {
      settlementDate: row.settleCompleteDate ?? row.settleExpectDate ?? '', periodStart: row.settleBasisStartDate ?? '', periodEnd: row.settleBasisEndDate ?? '',
      grossSales: gross, commission, deductions: gross - commission - net, netPayout: net, status: row.settleCompleteDate ? 'PAID' : 'SCHEDULED',
    };
  });
}

// Coupang (매출내역): one row per sale; summed per settlementDate. Paid once that date has come (no status in the API:
// UNVERIFIED that Coupang pays on that very day).
async function coupangSettlements(deps: SettlementDeps, q: Query): Promise<SettlementRow[]> {
  const sales: CoupangRevenue[] = [];
  for (const range of dayRanges(q.from, q.to, COUPANG_REVENUE_RANGE_DAYS)) {
    sales.push(...(await deps.keyring.call<{ vendorId: string; accessKey: string; secretKey: string }, CoupangRevenue[]>(
      { tenantId: q.tenantId, provider: 'COUPANG', operation: 'revenueHistory' },
      (lease) => new CoupangRevenueClient({ baseUrl: deps.baseUrls.coupang, ...lease.credentials }).revenueHistory(range.start, range.end),
    )));
  }
  return sumByDate(q.today, sales.map((sale) => {
    const parts = [...(sale.items ?? []).map((i) => ({ gross: n(i.saleAmount), fee: n(i.serviceFee) + n(i.serviceFeeVat), net: n(i.settlementAmount) }))];
    if (sale.deliveryFee) parts.push({ gross: n(sale.deliveryFee.amount), fee: n(sale.deliveryFee.fee) + n(sale.deliveryFee.feeVat), net: n(sale.deliveryFee.settlementAmount) });
    return { date: sale.settlementDate, period: sale.recognitionDate, ...total(parts) };
  }));
}

// 11st (정산내역): one row per settled line; summed per 송금예정일 (stlPlnDy, YYYY/MM/DD). Paid once that date has come.
async function elevenstSettlements(deps: SettlementDeps, q: Query): Promise<SettlementRow[]> {
  const lines = await deps.keyring.call<{ apiKey: string }, ElevenstSettlementLine[]>(
    { tenantId: q.tenantId, provider: 'ELEVENST', operation: 'settlementList' },
    (lease) => new ElevenstSettlementClient({ baseUrl: deps.baseUrls.elevenst, apiKey: lease.credentials.apiKey }).settlementList(q.from, q.to),
  );
  const won = (text: string | undefined) => (text && /^-?\d+(\.\d+)?$/.test(text) ? Math.round(Number(text)) : 0);
  const day = (text: string | undefined) => (text ?? '').replace(/\//g, '-').replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3');
  return sumByDate(q.today, lines.map((line) => ({
    date: day(line.stlPlnDy), period: day(line.pocnfrmDt), gross: won(line.selPrcAmt), fee: won(line.selFee), net: won(line.stlAmt),
  })));
}

function total(parts: Array<{ gross: number; fee: number; net: number }>) {
  return parts.reduce((a, p) => ({ gross: a.gross + p.gross, fee: a.fee + p.fee, net: a.net + p.net }), { gross: 0, fee: 0, net: 0 });
}

/** Sales summed into one payout per settlement date; the period spans their recognition days. */
function sumByDate(today: string, sales: Array<{ date: string; period: string; gross: number; fee: number; net: number }>): SettlementRow[] {
  const byDate = new Map<string, SettlementRow>();
  for (const sale of sales) {
    const row = byDate.get(sale.date) ?? {
      settlementDate: sale.date, periodStart: sale.period, periodEnd: sale.period, grossSales: 0, commission: 0, deductions: 0, netPayout: 0,
      status: sale.date <= today ? 'PAID' : 'SCHEDULED',
    };
    if (sale.period < row.periodStart) row.periodStart = sale.period;
    if (sale.period > row.periodEnd) row.periodEnd = sale.period;
    row.grossSales += sale.gross;
    row.commission += sale.fee;
    row.netPayout += sale.net;
    row.deductions = row.grossSales - row.commission - row.netPayout;
    byDate.set(sale.date, row);
  }
  return [...byDate.values()];
}

/** Inclusive yyyy-MM-dd ranges of at most `days` covering from..to. */
export function dayRanges(from: string, to: string, days: number): Array<{ start: string; end: string }> {
  const out: Array<{ start: string; end: string }> = [];
  const last = Date.parse(`${to}T00:00:00Z`);
  for (let d = Date.parse(`${from}T00:00:00Z`); d <= last; d += days * DAY_MS) {
    out.push({ start: new Date(d).toISOString().slice(0, 10), end: new Date(Math.min(d + (days - 1) * DAY_MS, last)).toISOString().slice(0, 10) });
  }
  return out;
}
