// The sandbox's whole world, in memory: the shared mall's order list, the payments and parcels that belong to
// those orders (which provider module serves which part: sandbox/README.md "The shared world"), the provider
// modules' private state (credentials they accept, tokens, windows), counters, faults, clock.
import type { ProviderName } from '../providers/registry';
import { createCallLog, type CallLog } from './calls';
import { createFaultBook, type FaultBook } from './faults';
import { createPrng } from './prng';


export type { ProviderName };

/** The shared mall's item status codes the sandbox walks through: 입금전, 상품준비중, 배송준비중, 배송중, 배송완료. */
export type ItemStatus = 'N00' | 'N10' | 'N20' | 'N30' | 'N40';

export interface OrderItem {
  itemNo: number;
  productNo: number;
  productCode: string;
  productName: string;
  quantity: number;
  price: number; // integer KRW
  status: ItemStatus;
  shippingCompanyCode: string | null; // the mall's own code, see MALL_CARRIERS
  trackingNo: string | null;
}

export interface Order {
  orderId: string; // 20260115-0000013
  memberId: string;
  buyerName: string;
  receiverName: string;
  receiverAddr: string;
  orderDate: number;
  paymentDate: number | null;
  updatedDate: number;
  shipBeginDate: number | null;
  shipEndDate: number | null;
  paymentMethod: string[];
  shippingFee: number;
  items: OrderItem[];
}

export interface Payment {
  paymentKey: string;
  orderId: string;
  orderName: string;
  totalAmount: number;
  status: 'DONE';
  requestedAt: number;
  approvedAt: number;
  lastTransactionKey: string;
  cardNumber: string;
  approveNo: string;
}

export interface TrackingEvent {
  time: number;
  where: string;
  level: number; // 1..6, the domestic tracker's levels (sandbox/README.md)
  kind: string;
  manName: string;
}

export interface Parcel {
  carrierCode: string; // the domestic tracker's carrier code (t_code)
  invoiceNo: string;
  orderId: string;
  senderName: string;
  receiverName: string;
  receiverAddr: string;
  itemName: string;
  events: TrackingEvent[];
}

export interface Clock {
  now(): number;
  advance(ms: number): number;
}

export interface SandboxState {
  clock: Clock;
  random: () => number;
  orders: Order[];
  ordersById: Map<string, Order>;
  orderSeqByDay: Map<string, number>;
  payments: Map<string, Payment>; // by orderId
  paymentsByKey: Map<string, Payment>;
  parcels: Map<string, Parcel>; // by `${carrierCode}:${invoiceNo}`
  calls: CallLog;
  faults: FaultBook;
  /** Private state of provider modules (see modules.ts), by provider: the credentials each accepts, tokens, windows. */
  extensions: Map<string, unknown>;
}

/**
 * A mall's carrier codes are its own numbering of the carriers it registered in its admin, so the sandbox mall
 * declares its table here: `shipping_company_code` → the domestic tracker's `t_code`:
 * 0001 CJ대한통운 → 04, 0002 한진택배 → 05, 0003 롯데택배 → 08, 0004 우체국택배 → 01, 0005 로젠택배 → 06.
 * Seeded dispatches all go through CJ (0001 → 04).
 */
export const MALL_CARRIERS: Readonly<Record<string, { tCode: string; name: string }>> = {
  '0001': { tCode: '04', name: 'CJ대한통운' },
  '0002': { tCode: '05', name: '한진택배' },
  '0003': { tCode: '08', name: '롯데택배' },
  '0004': { tCode: '01', name: '우체국택배' },
  '0005': { tCode: '06', name: '로젠택배' },
};

/** The tracker's t_code of a dispatched invoice, found through the item that carries it. */
export function parcelCarrierCode(state: SandboxState, invoiceNo: string): string | undefined {
  for (const parcel of state.parcels.values()) if (parcel.invoiceNo === invoiceNo) return parcel.carrierCode;
  return undefined;
}

export function parcelKey(carrierCode: string, invoiceNo: string): string {
  return `${carrierCode}:${invoiceNo}`;
}

export function createClock(base: () => number = Date.now): Clock {
  let offset = 0;
  return {
    now: () => base() + offset,
    advance(ms) {
      offset += ms;
      return base() + offset;
    },
  };
}

/** A fixed seed: every sandbox started at the same clock reading holds the same orders. */
const SEED = 20260115;

/** `providers`: every provider's lower-case name (sandbox/registry.ts), each with its call counters. */
export function createState(options: { now?: () => number; providers?: readonly string[] } = {}): SandboxState {
  return {
    clock: createClock(options.now),
    random: createPrng(SEED),
    orders: [],
    ordersById: new Map(),
    orderSeqByDay: new Map(),
    payments: new Map(),
    paymentsByKey: new Map(),
    parcels: new Map(),
    calls: createCallLog(options.providers ?? []),
    faults: createFaultBook(),
    extensions: new Map(),
  };
}

export function addOrder(state: SandboxState, order: Order, payment?: Payment, parcel?: Parcel): void {
  state.orders.push(order);
  state.ordersById.set(order.orderId, order);
  if (payment) addPayment(state, payment);
  if (parcel) state.parcels.set(parcelKey(parcel.carrierCode, parcel.invoiceNo), parcel);
}

export function addPayment(state: SandboxState, payment: Payment): void {
  state.payments.set(payment.orderId, payment);
  state.paymentsByKey.set(payment.paymentKey, payment);
}
