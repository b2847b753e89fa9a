// Coupang WING Open API, providers/coupang/README.md (Order sheets): makes order sheets appear and walk their statuses
// ACCEPT → INSTRUCT → DEPARTURE → DELIVERING → FINAL_DELIVERY, with a Sweet Tracker parcel once shipped.
// One generator for the seed, `POST /__sandbox/orders` and the seller's own actions, so all look alike.
import { KIND_BY_LEVEL } from '../orders';
import { pick } from '../prng';
import { parcelKey, type Parcel, type SandboxState } from '../state';
import { DAY_MS, kstCompactDate, kstDate } from '../time';
import { COUPANG_CARRIERS } from './carriers';
import { coupangStore, type OrderSheet, type SheetItem } from './store';

const NAMES = ['신지희', '김민준', '이서연', '박지훈', '최유진', '정하늘', '강다은', '조현우', '윤서아', '한지민'];
const ADDRESSES = [
  { addr1: '경기 오산시 원동로 12', postCode: '18122' },
  { addr1: '서울 송파구 송파대로 570', postCode: '05510' },
  { addr1: '부산 해운대구 센텀중앙로 79', postCode: '48058' },
  { addr1: '대전 유성구 대학로 99', postCode: '34134' },
  { addr1: '인천 연수구 컨벤시아대로 165', postCode: '21998' },
];
const MESSAGES = ['문 앞', '경비실에 맡겨주세요', '배송 전 연락 바랍니다', ''];
const REFERS = ['안드로이드앱', '아이폰앱', 'PC웹', '모바일웹'];
const CATALOG = [
  { vendorItemId: 3242596358, productId: 31846051, sellerProductId: 80240831, name: '국산 햇 고춧가루 1kg', item: '1kg', price: 19_900 },
  { vendorItemId: 3242596359, productId: 31846052, sellerProductId: 80240832, name: '유기농 현미 4kg', item: '4kg', price: 23_500 },
  { vendorItemId: 4112350871, productId: 40221877, sellerProductId: 91230041, name: '무선 핸디 청소기', item: '화이트', price: 89_000 },
  { vendorItemId: 4112350872, productId: 40221878, sellerProductId: 91230042, name: '스테인리스 텀블러 500ml', item: '블랙', price: 12_900 },
  { vendorItemId: 5100442193, productId: 52001934, sellerProductId: 10023311, name: '극세사 수면 양말 5켤레', item: '프리사이즈', price: 9_900 },
] as const;
const HUBS = ['곤지암Hub', '대전Hub', '옥천HUB', '청원HUB'];
/** Coupang charges no shipping from this amount (the seller's setting in WING). */
const FREE_SHIPPING_FROM = 30_000;
const SHIPPING_PRICE = 2_500;
/** Unacknowledged boxes are cancelled by Coupang after this long (the sandbox's reading of its 발주확인 rule). */
export const ACKNOWLEDGE_WITHIN_MS = 48 * 3600_000;

function makeItems(state: SandboxState): SheetItem[] {
  const r = state.random;
  const count = r() < 0.75 ? 1 : 2;
  const picked = new Set<(typeof CATALOG)[number]>();
  while (picked.size < count) picked.add(pick(CATALOG, r()));
  return [...picked].map((p) => ({
    vendorItemId: p.vendorItemId, vendorItemName: `${p.name}, ${p.item}`, productId: p.productId,
    sellerProductId: p.sellerProductId, sellerProductName: p.name, sellerProductItemName: p.item,
    externalVendorSkuCode: `SKU-${p.vendorItemId}`, shippingCount: 1 + Math.floor(r() * 2), salesPrice: p.price,
  }));
}

/** A new ACCEPT (결제완료) box of `vendorId`, paid at `paidAt`. */
export function createSheet(state: SandboxState, vendorId: string, paidAt: number): OrderSheet {
  const store = coupangStore(state);
  const r = state.random;
  const items = makeItems(state);
  const subtotal = items.reduce((sum, it) => sum + it.salesPrice * it.shippingCount, 0);
  const [orderer, receiver] = [pick(NAMES, r()), pick(NAMES, r())];
  const address = pick(ADDRESSES, r());
  const safe = `0503-${String(1000 + Math.floor(r() * 9000))}-${String(1000 + Math.floor(r() * 9000))}`;
  const sheet: OrderSheet = {
    vendorId, shipmentBoxId: store.nextShipmentBoxId++,
    orderId: Number(`${kstCompactDate(paidAt).slice(2)}${String(store.nextOrderSeq++).padStart(8, '0')}`),
    orderedAt: paidAt - 1000 * Math.floor(5 + r() * 55), paidAt, status: 'ACCEPT', canceledAt: null, updatedAt: paidAt,
    orderer: { name: orderer, email: `${String.fromCharCode(97 + Math.floor(r() * 26))}u${Math.floor(r() * 1e4)}@naver.com`, safeNumber: safe },
    receiver: { name: receiver, safeNumber: safe, addr1: address.addr1, addr2: `${101 + Math.floor(r() * 9)}동 ${101 + Math.floor(r() * 1400)}호`, postCode: address.postCode },
    shippingPrice: subtotal >= FREE_SHIPPING_FROM ? 0 : SHIPPING_PRICE,
    parcelPrintMessage: pick(MESSAGES, r()), refer: pick(REFERS, r()), items,
    estimatedShippingDate: kstDate(paidAt + 2 * DAY_MS),
    deliveryCompanyCode: null, invoiceNumber: null, invoiceUploadedAt: null, inTransitAt: null, deliveredAt: null,
  };
  store.sheets.set(sheet.shipmentBoxId, sheet);
  return sheet;
}

/** Coupang cancels boxes nobody acknowledged in time; run before anything reads or moves sheets. */
export function cancelUnacknowledged(state: SandboxState): void {
  const now = state.clock.now();
  for (const sheet of coupangStore(state).sheets.values()) {
    if (sheet.status === 'ACCEPT' && sheet.canceledAt === null && now - sheet.paidAt >= ACKNOWLEDGE_WITHIN_MS) {
      sheet.canceledAt = sheet.paidAt + ACKNOWLEDGE_WITHIN_MS;
      sheet.updatedAt = sheet.canceledAt;
    }
  }
}

export function acknowledge(sheet: OrderSheet, at: number): void {
  sheet.status = 'INSTRUCT';
  sheet.updatedAt = at;
}

/** Registers the invoice and hands the parcel to the carrier, which Sweet Tracker then knows. */
export function ship(state: SandboxState, sheet: OrderSheet, carrierCode: string, invoiceNumber: string, at: number): void {
  sheet.status = 'DEPARTURE';
  sheet.deliveryCompanyCode = carrierCode;
  sheet.invoiceNumber = invoiceNumber;
  sheet.invoiceUploadedAt = at;
  sheet.updatedAt = at;
  const parcel: Parcel = {
    carrierCode: COUPANG_CARRIERS[carrierCode].tCode, invoiceNo: invoiceNumber, orderId: String(sheet.orderId),
    senderName: '오피에스그래프', receiverName: sheet.receiver.name, receiverAddr: sheet.receiver.addr1,
    itemName: sheet.items[0].sellerProductName, events: [],
  };
  state.parcels.set(parcelKey(parcel.carrierCode, invoiceNumber), parcel);
  trackTo(state, sheet, 1, at, at);
}

/** Adds tracking events up to `level`, spread evenly from `from` to `until`. */
function trackTo(state: SandboxState, sheet: OrderSheet, level: number, from: number, until: number): void {
  const parcel = state.parcels.get(parcelKey(COUPANG_CARRIERS[sheet.deliveryCompanyCode!].tCode, sheet.invoiceNumber!));
  if (!parcel) return;
  const last = parcel.events.at(-1)?.level ?? 0;
  for (let lvl = last + 1; lvl <= level; lvl++) {
    parcel.events.push({
      time: from + Math.floor(((until - from) * (lvl - last)) / (level - last)),
      where: lvl >= 5 ? sheet.receiver.addr1.split(' ').slice(0, 2).join(' ') : pick(HUBS, state.random()),
      level: lvl, kind: KIND_BY_LEVEL[lvl], manName: lvl >= 5 ? '김기사' : '',
    });
  }
}

export function startDelivery(state: SandboxState, sheet: OrderSheet, from: number, at: number): void {
  trackTo(state, sheet, 3, from, at);
  sheet.status = 'DELIVERING';
  sheet.inTransitAt = at;
  sheet.updatedAt = at;
}

export function deliver(state: SandboxState, sheet: OrderSheet, from: number, at: number): void {
  trackTo(state, sheet, 6, from, at);
  sheet.status = 'FINAL_DELIVERY';
  sheet.deliveredAt = at;
  sheet.updatedAt = at;
}

export function newInvoiceNumber(state: SandboxState): string {
  let invoice: string;
  do invoice = `34${String(Math.floor(state.random() * 1e10)).padStart(10, '0')}`;
  while ([...state.parcels.values()].some((p) => p.invoiceNo === invoice));
  return invoice;
}

/** Moves a box one step on at `at`, as the seller and the carrier would; false when it has nowhere to go. */
export function advance(state: SandboxState, sheet: OrderSheet, at: number): boolean {
  const from = Math.max(sheet.updatedAt, at - DAY_MS);
  switch (sheet.status) {
    case 'ACCEPT': acknowledge(sheet, at); return true;
    case 'INSTRUCT': ship(state, sheet, 'CJGLS', newInvoiceNumber(state), at); return true;
    case 'DEPARTURE': startDelivery(state, sheet, from, at); return true;
    case 'DELIVERING': deliver(state, sheet, from, at); return true;
    default: return false;
  }
}

