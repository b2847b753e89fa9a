// 11st (11번가) Seller Open API, providers/elevenst/README.md "Order queries" (the order line) and "Actions" (the ids they take):
// how 11st's product lines map onto opsgraph's one Order, one Order per ordNo.
import { parseElevenstDateTime, type ElevenstOrder, type ElevenstOrderState } from '../../../providers/elevenst';
import { carrierFromCode } from '../../../platform/carriers';
import { OrderStatus } from '../../../platform/graphql/enums';
import type { StoredItem, StoredPayment, TrackingRef } from '../entities/order';
import type { IncomingOrder } from './store';
import { cancelledLines, elevenstClaimedStatus, type ElevenstClaimRecord } from './elevenst-claims';

/** The four order queries, in the order a line moves through them. */
export const ELEVENST_STATES: readonly ElevenstOrderState[] = ['complete', 'packaging', 'shipping', 'dlvcompleted'];

/**
 * Every order state 11st documents (one query each) → OrderStatus:
 *
 *   query          11st          OrderStatus
 *   complete       결제완료       PAID        (new, awaits 발주확인)
 *   packaging      배송준비중     PREPARING   (confirmed, awaits 발송처리)
 *   shipping       배송중         SHIPPING
 *   dlvcompleted   배송완료       DELIVERED
 *
 * Cancellations, returns and exchanges are claims, listed by 11st's claimservice (sync/elevenst-claims.ts): a
 * cancelled line just stops appearing in these four lists, so its claim is what says so. 11st lists only paid
 * orders, so PENDING_PAYMENT never occurs.
 */
export const ELEVENST_STATUS: Readonly<Record<ElevenstOrderState, OrderStatus>> = {
  complete: OrderStatus.PAID,
  packaging: OrderStatus.PREPARING,
  shipping: OrderStatus.SHIPPING,
  dlvcompleted: OrderStatus.DELIVERED,
};

/** 02 착불: the buyer pays the carrier on delivery, so that fee is not part of what 11st collected. */
const CASH_ON_DELIVERY = '02';

/**
 * One product line as kept in `marketplaceData.lines`: the ids 발주확인 and 발송처리 take (ordPrdSeq, addPrdYn,
 * addPrdNo, dlvNo), and enough to rebuild the Order when a later sync sees only the lines that moved.
 * No receiver address or phone: those are not needed later.
 */
export interface ElevenstStoredLine {
  ordPrdSeq: string;
  addPrdYn: 'Y' | 'N';
  addPrdNo: string;
  dlvNo: string;
  state: ElevenstOrderState;
  sku: string;
  name: string;
  quantity: number;
  unitPrice: number;
  payAmount: number;
  dlvCst: number;
  dlvCstType: string | null;
  dlvEtprsCd: string | null;
  invcNo: string | null;
}

export interface ElevenstMarketplaceData { lines: ElevenstStoredLine[]; claims?: ElevenstClaimRecord[] }

/** The order-level fields 11st repeats on every line of an order. */
export type ElevenstOrderHeader = Pick<ElevenstOrder, 'ordNo' | 'ordDt' | 'ordStlEndDt' | 'ordNm'>;

export function storedLine(line: ElevenstOrder): ElevenstStoredLine {
  return {
    ordPrdSeq: line.ordPrdSeq, addPrdYn: line.addPrdYn, addPrdNo: line.addPrdNo, dlvNo: line.dlvNo, state: line.state,
    sku: line.sellerPrdCd || line.prdNo,
    name: line.slctPrdOptNm ? `${line.prdNm} (${line.slctPrdOptNm})` : line.prdNm,
    quantity: line.ordQty, unitPrice: line.selPrc, payAmount: line.ordPayAmt, dlvCst: line.dlvCst,
    dlvCstType: line.dlvCstType ?? null, dlvEtprsCd: line.dlvEtprsCd ?? null, invcNo: line.invcNo ?? null,
  };
}

const rank = (state: ElevenstOrderState) => ELEVENST_STATES.indexOf(state);
const bySeq = (a: ElevenstStoredLine, b: ElevenstStoredLine) => Number(a.ordPrdSeq) - Number(b.ordPrdSeq) || a.ordPrdSeq.localeCompare(b.ordPrdSeq);

export interface ElevenstGroup { header: ElevenstOrderHeader; lines: ElevenstStoredLine[] }

/**
 * Groups the lines of one sync by ordNo. A line that moved while the sync ran is listed by two queries;
 * lines only move forward, so the later state is the current one.
 */
export function groupElevenstLines(lines: ElevenstOrder[]): Map<string, ElevenstGroup> {
  const groups = new Map<string, { header: ElevenstOrderHeader; bySeq: Map<string, ElevenstStoredLine> }>();
  for (const line of lines) {
    const group = groups.get(line.ordNo) ?? { header: line, bySeq: new Map<string, ElevenstStoredLine>() };
    groups.set(line.ordNo, group);
    const seen = group.bySeq.get(line.ordPrdSeq);
    if (!seen || rank(line.state) >= rank(seen.state)) group.bySeq.set(line.ordPrdSeq, storedLine(line));
  }
  return new Map([...groups].map(([ordNo, g]) => [ordNo, { header: g.header, lines: [...g.bySeq.values()].sort(bySeq) }]));
}

/**
 * A sync lists only lines whose state changed in its window, so an order's other lines come from what was
 * stored before: the fresh lines replace the stored ones of the same ordPrdSeq, the rest stay.
 */
export function mergeElevenstLines(stored: ElevenstStoredLine[], fresh: ElevenstStoredLine[]): ElevenstStoredLine[] {
  const bySeqNo = new Map(stored.map((line) => [line.ordPrdSeq, line]));
  for (const line of fresh) bySeqNo.set(line.ordPrdSeq, line);
  return [...bySeqNo.values()].sort(bySeq);
}

/** An order is as far along as its least advanced line: it still needs 발주확인 while any line is 결제완료. */
export function elevenstOrderState(lines: ElevenstStoredLine[]): ElevenstOrderState {
  return lines.reduce<ElevenstOrderState>((least, line) => (rank(line.state) < rank(least) ? line.state : least), 'dlvcompleted');
}

/** What the buyer paid 11st: every line's ordPayAmt plus prepaid shipping, charged once per delivery number. */
export function elevenstTotal(lines: ElevenstStoredLine[]): number {
  const shipping = new Map<string, number>();
  for (const line of lines) {
    if (line.dlvCstType === CASH_ON_DELIVERY) continue;
    shipping.set(line.dlvNo, Math.max(shipping.get(line.dlvNo) ?? 0, line.dlvCst));
  }
  const goods = lines.reduce((sum, line) => sum + line.payAmount, 0);
  return Math.round(goods + [...shipping.values()].reduce((sum, fee) => sum + fee, 0));
}

export function elevenstItems(lines: ElevenstStoredLine[]): StoredItem[] {
  return lines.map((line) => ({ sku: line.sku, name: line.name, quantity: line.quantity, unitPrice: line.unitPrice }));
}

export function elevenstTrackingRefs(lines: ElevenstStoredLine[]): TrackingRef[] {
  const refs = new Map<string, TrackingRef>();
  for (const line of lines) {
    const carrier = carrierFromCode('elevenst', line.dlvEtprsCd);
    if (carrier && line.invcNo) refs.set(`${carrier}:${line.invcNo}`, { carrier, trackingNumber: line.invcNo });
  }
  return [...refs.values()];
}

const validDate = (text: string): Date | null => {
  const date = text ? parseElevenstDateTime(text) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
};

/** 11st took the payment: ordStlEndDt (결제완료일시) is when. 11st's order lines do not name the method. */
export function elevenstPayment(header: ElevenstOrderHeader, amount: number): StoredPayment | null {
  const paidAt = validDate(header.ordStlEndDt);
  if (!paidAt) return null;
  return { status: 'PAID', amount, currency: 'KRW', paidAt: paidAt.toISOString(), method: null };
}

/**
 * The Order of an ordNo's lines and claims. Lines a completed cancellation took out count neither in the total
 * nor in the status; `storedPayment` stands in for the header's payment when the order is rebuilt from storage.
 */
export function elevenstIncoming(
  header: ElevenstOrderHeader, lines: ElevenstStoredLine[], claims: ElevenstClaimRecord[] = [], storedPayment?: StoredPayment | null,
): IncomingOrder {
  const cancelled = cancelledLines(claims);
  const live = lines.filter((line) => !cancelled.has(line.ordPrdSeq));
  const state = elevenstOrderState(live.length ? live : lines);
  const totalAmount = elevenstTotal(live);
  const payment = storedPayment === undefined ? elevenstPayment(header, totalAmount) : storedPayment && { ...storedPayment, amount: totalAmount };
  const claimed = claims.length > 0;
  return {
    externalId: header.ordNo,
    status: claimed ? elevenstClaimedStatus(ELEVENST_STATUS[state], claims, lines.length) : ELEVENST_STATUS[state],
    marketplaceStatus: state,
    // 11st always prints ordDt; should a line lack it, the first sync's clock stands in (orderedAt is set on insert only).
    orderedAt: validDate(header.ordDt) ?? validDate(header.ordStlEndDt) ?? new Date(),
    buyerName: header.ordNm,
    totalAmount,
    currency: 'KRW',
    items: elevenstItems(live.length ? live : lines),
    trackingRefs: elevenstTrackingRefs(lines),
    payment,
    // An order without claims keeps exactly the data it had before claims were synced (no spurious update).
    ...(claimed ? { claims: claims.map((record) => record.claim), marketplaceData: { lines, claims } satisfies ElevenstMarketplaceData } : { marketplaceData: { lines } }),
  };
}

/** The lines an earlier sync stored on an order (empty for a row written before lines were kept). */
export function elevenstStoredLines(marketplaceData: Record<string, unknown> | null | undefined): ElevenstStoredLine[] {
  const lines = (marketplaceData as Partial<ElevenstMarketplaceData> | null | undefined)?.lines;
  return Array.isArray(lines) ? lines : [];
}
