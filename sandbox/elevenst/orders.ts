// Makes 11st orders appear and move (providers/elevenst/README.md "Order queries", "Actions"): the seed, the marketplace
// hooks of `POST /__sandbox/orders`, and the state steps that 발주확인 and 발송처리 also take. A dispatched
// line gets a Sweet Tracker parcel (§5) under the t_code of its 11st carrier.
import { KIND_BY_LEVEL } from '../orders';
import { pick } from '../prng';
import { parcelKey, type Parcel, type SandboxState } from '../state';
import { DAY_MS, kstCompactDate } from '../time';
import { ELEVENST_CARRIERS } from './carriers';
import { elevenstStore, type ElevenstLine, type ElevenstStore } from './store';

const NAMES = ['김민준', '이서연', '박지훈', '최유진', '정하늘', '강다은', '조현우', '윤서아', '장민서', '임도윤', '한지민', '오세훈'];
const ADDRESSES = [
  { base: '서울특별시 강남구 테헤란로 152', zip: '06236' },
  { base: '서울특별시 마포구 양화로 45', zip: '04036' },
  { base: '부산광역시 해운대구 센텀중앙로 79', zip: '48058' },
  { base: '인천광역시 연수구 송도과학로 32', zip: '21984' },
  { base: '대구광역시 수성구 범어로 20', zip: '42020' },
  { base: '경기도 성남시 분당구 판교역로 235', zip: '13494' },
];
const DETAILS = ['101동 1203호', '3층', '202호', '상가 1층', '8층 데스크'];
const PRODUCTS = [
  { prdNo: '4012345601', name: '국내산 햅쌀 10kg', options: ['등급:상', '등급:특'], price: 32_900, code: 'RICE-10' },
  { prdNo: '4012345602', name: '무선 블루투스 이어폰', options: ['색상:블랙', '색상:화이트'], price: 45_000, code: 'EAR-BT' },
  { prdNo: '4012345603', name: '기모 후드 집업', options: ['사이즈:M', '사이즈:L', '사이즈:XL'], price: 29_800, code: 'HOOD-01' },
  { prdNo: '4012345604', name: '스테인리스 텀블러 500ml', options: ['색상:실버', '색상:민트'], price: 15_900, code: 'TMB-500' },
  { prdNo: '4012345605', name: '유기농 녹차 티백 50개입', options: [''], price: 12_000, code: 'TEA-50' },
] as const;
const ADD_PRODUCTS = [
  { addPrdNo: '7000000011', name: '선물 포장', price: 2_000, code: 'GIFT-WRAP' },
  { addPrdNo: '7000000012', name: '보냉백 추가', price: 1_500, code: 'COOL-BAG' },
] as const;
const HUBS = ['곤지암Hub', '대전Hub', '옥천HUB', '청원HUB'];
const SEED_COUNTS = { dlvcompleted: 4, shipping: 5, packaging: 5, complete: 6 } as const;
const FREE_SHIPPING_FROM = 30_000;
const SHIPPING_FEE = 3_000;
/** Seeded steps all end this long before the clock, so a window of the current minute holds only new orders. */
const SEED_QUIET_MS = 3600_000;

/** What every line of one order has in common; the product fields are the line's own. */
type SharedFields = Omit<ElevenstLine, 'ordPrdSeq' | 'prdNo' | 'prdNm' | 'slctPrdOptNm' | 'ordQty' | 'selPrc' | 'addPrdYn' | 'addPrdNo' | 'sellerPrdCd' | 'dlvCst'>;

const digits = (r: () => number, n: number) => Array.from({ length: n }, () => Math.floor(r() * 10)).join('');

function newOrder(state: SandboxState, store: ElevenstStore, ordDt: number, withAddProduct: boolean): ElevenstLine[] {
  const r = state.random;
  store.ordSeq += 1;
  const ordNo = `${kstCompactDate(ordDt)}${String(store.ordSeq).padStart(3, '0')}${digits(r, 6)}`;
  const dlvNo = `3${String(store.ordSeq).padStart(3, '0')}${digits(r, 6)}`;
  const product = pick(PRODUCTS, r());
  const address = pick(ADDRESSES, r());
  const buyer = pick(NAMES, r());
  const qty = 1 + Math.floor(r() * 2);
  const subtotal = product.price * qty;
  const ordStlEndDt = ordDt + 10_000 + Math.floor(r() * 80_000);
  const base: SharedFields = {
    ordNo, dlvNo, ordDt, ordStlEndDt,
    dlvCstType: subtotal >= FREE_SHIPPING_FROM ? '03' : '01', bndlDlvSeq: withAddProduct ? dlvNo : '',
    rcvrNm: r() < 0.7 ? buyer : pick(NAMES, r()), rcvrPrtblNo: `010-****-${digits(r, 4)}`, rcvrMailNo: address.zip,
    rcvrBaseAddr: address.base, rcvrDtlsAddr: pick(DETAILS, r()), ordNm: buyer, memID: `buyer${digits(r, 2)}***`,
    state: 'complete', stateAt: ordStlEndDt, plcodrCnfDt: null, sendDt: null, dlvEtprsCd: null, invcNo: null,
  };
  const lines: ElevenstLine[] = [{
    ...base, ordPrdSeq: 1, prdNo: product.prdNo, prdNm: product.name, slctPrdOptNm: pick(product.options, r()),
    ordQty: qty, selPrc: product.price, addPrdYn: 'N', addPrdNo: '0', sellerPrdCd: product.code,
    dlvCst: subtotal >= FREE_SHIPPING_FROM ? 0 : SHIPPING_FEE,
  }];
  if (withAddProduct) {
    const add = pick(ADD_PRODUCTS, r());
    lines.push({
      ...base, ordPrdSeq: 2, prdNo: product.prdNo, prdNm: add.name, slctPrdOptNm: '', ordQty: 1, selPrc: add.price,
      addPrdYn: 'Y', addPrdNo: add.addPrdNo, sellerPrdCd: add.code, dlvCst: 0,
    });
  }
  store.lines.push(...lines);
  return lines;
}

export function confirmLine(line: ElevenstLine, at: number): void {
  Object.assign(line, { state: 'packaging', plcodrCnfDt: at, stateAt: at });
}

/** Hands the lines of one delivery to the carrier: shipping state, invoice, and a parcel at level 1. */
export function dispatchLines(state: SandboxState, lines: ElevenstLine[], dlvEtprsCd: string, invcNo: string, at: number): Parcel {
  for (const line of lines) Object.assign(line, { state: 'shipping', sendDt: at, stateAt: at, dlvEtprsCd, invcNo });
  const first = lines[0];
  const parcel: Parcel = {
    carrierCode: ELEVENST_CARRIERS[dlvEtprsCd].tCode, invoiceNo: invcNo, orderId: first.ordNo, senderName: '오피에스그래프',
    receiverName: first.rcvrNm, receiverAddr: first.rcvrBaseAddr, itemName: first.prdNm,
    events: [{ time: at, where: pick(HUBS, state.random()), level: 1, kind: KIND_BY_LEVEL[1], manName: '' }],
  };
  state.parcels.set(parcelKey(parcel.carrierCode, invcNo), parcel);
  return parcel;
}

/** Tracking events up to `level`, evenly spaced from the last one until `until`. */
function progressParcel(state: SandboxState, parcel: Parcel, level: number, until: number): void {
  const last = parcel.events.at(-1)!;
  const steps = level - last.level;
  for (let step = 1; step <= steps; step++) {
    const lvl = last.level + step;
    parcel.events.push({
      time: last.time + Math.floor(((until - last.time) * step) / steps),
      where: lvl >= 5 ? parcel.receiverAddr.split(' ').slice(0, 2).join(' ') : pick(HUBS, state.random()),
      level: lvl, kind: KIND_BY_LEVEL[lvl], manName: lvl >= 5 ? '김기사' : '',
    });
  }
}

function deliverLines(state: SandboxState, lines: ElevenstLine[], at: number): void {
  const parcel = state.parcels.get(parcelKey(ELEVENST_CARRIERS[lines[0].dlvEtprsCd!].tCode, lines[0].invcNo!));
  if (parcel) progressParcel(state, parcel, 6, at);
  for (const line of lines) Object.assign(line, { state: 'dlvcompleted', stateAt: at });
}

/** A 12-digit invoice number no parcel of that carrier uses yet. */
export function freshInvoice(state: SandboxState, dlvEtprsCd: string): string {
  const tCode = ELEVENST_CARRIERS[dlvEtprsCd].tCode;
  let invcNo: string;
  do invcNo = `6${digits(state.random, 11)}`;
  while (state.parcels.has(parcelKey(tCode, invcNo)));
  return invcNo;
}

/** 20 orders over the last 10 days: the oldest delivered, then shipping, packaging, and the newest 결제완료. */
export function seedElevenstOrders(state: SandboxState): void {
  const store = elevenstStore(state);
  const now = state.clock.now();
  const end = now - SEED_QUIET_MS;
  const total = Object.values(SEED_COUNTS).reduce((a, b) => a + b, 0);
  const dates = Array.from({ length: total }, () => end - Math.floor(state.random() * (10 * DAY_MS - 2 * SEED_QUIET_MS))).sort((a, b) => a - b);
  let i = 0;
  for (const [target, count] of Object.entries(SEED_COUNTS) as Array<[keyof typeof SEED_COUNTS, number]>) {
    for (let n = 0; n < count; n++, i++) {
      const lines = newOrder(state, store, dates[i], i % 4 === 1);
      const paid = lines[0].ordStlEndDt;
      const span = end - paid;
      if (target === 'complete') continue;
      for (const line of lines) confirmLine(line, paid + Math.floor(span * 0.1));
      if (target === 'packaging') continue;
      const carrier = pick(Object.keys(ELEVENST_CARRIERS), state.random());
      const parcel = dispatchLines(state, lines, carrier, freshInvoice(state, carrier), paid + Math.floor(span * 0.3));
      if (target === 'shipping') progressParcel(state, parcel, 2 + Math.floor(state.random() * 4), paid + Math.floor(span * 0.6));
      else deliverLines(state, lines, paid + Math.floor(span * 0.8));
    }
  }
}

/** `POST /__sandbox/orders` kind new: single-line 결제완료 orders paid now (a window of this minute lists them). */
export function createElevenstOrders(state: SandboxState, count: number): string[] {
  const store = elevenstStore(state);
  const now = state.clock.now();
  return Array.from({ length: count }, () => {
    const [line] = newOrder(state, store, now - 30_000, false);
    Object.assign(line, { ordStlEndDt: now, stateAt: now });
    return line.ordNo;
  });
}

/** `POST /__sandbox/orders` kind status_change: moves `count` orders one step, least recently changed first. */
export function advanceElevenstOrders(state: SandboxState, count: number): string[] {
  const store = elevenstStore(state);
  const now = state.clock.now();
  const byOrder = new Map<string, ElevenstLine[]>();
  for (const line of store.lines) byOrder.set(line.ordNo, [...(byOrder.get(line.ordNo) ?? []), line]);
  const movable = [...byOrder.values()]
    .filter((lines) => lines.every((l) => l.state !== 'cancelled') && lines.some((l) => l.state !== 'dlvcompleted'))
    .sort((a, b) => Math.max(...a.map((l) => l.stateAt)) - Math.max(...b.map((l) => l.stateAt)) || a[0].ordNo.localeCompare(b[0].ordNo))
    .slice(0, count);
  for (const lines of movable) {
    const pending = lines.filter((l) => l.state === 'complete');
    if (pending.length > 0) pending.forEach((l) => confirmLine(l, now));
    else if (lines[0].state === 'packaging') dispatchLines(state, lines, '00034', freshInvoice(state, '00034'), now);
    else deliverLines(state, lines, now);
  }
  return movable.map((lines) => lines[0].ordNo);
}
