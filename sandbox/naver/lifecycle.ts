// Naver Commerce API, providers/naver/README.md (Changed orders, Order detail): how a SmartStore product order lives —
// paid, confirmed (발주확인), dispatched with a parcel, delivered, purchase decided — for the seed, the
// control endpoint and the action routes alike, so every product order looks the same however it got there.
import { pick } from '../prng';
import type { SandboxState } from '../state';
import { DAY_MS, kstCompactDate } from '../time';
import { newTrackingNumber, openParcel, parcelOf, progressParcel } from './parcel';
import { advanceClaim } from './claims';
import { naverState, type NaverProductOrder, type NaverStatus } from './store';

const BUYERS = ['김지우', '이도현', '박서윤', '최예준', '정수아', '강시우', '조하은', '윤주원', '장지호', '임채원', '한소율', '오건우'];
const ADDRESSES = [
  { base: '서울특별시 송파구 올림픽로 300', zip: '05551' },
  { base: '서울특별시 종로구 세종대로 175', zip: '03154' },
  { base: '경기도 수원시 영통구 광교로 145', zip: '16229' },
  { base: '부산광역시 수영구 광안해변로 219', zip: '48303' },
  { base: '광주광역시 서구 상무중앙로 61', zip: '61945' },
  { base: '제주특별자치도 제주시 첨단로 242', zip: '63309' },
];
const PRODUCTS = [
  { id: '8123450011', name: '무선 블루투스 이어폰', price: 39_900, option: '색상: 블랙' },
  { id: '8123450012', name: '유기농 제주 감귤 5kg', price: 24_900, option: null },
  { id: '8123450013', name: '스테인리스 텀블러 500ml', price: 15_800, option: '색상: 실버' },
  { id: '8123450014', name: '극세사 차렵이불 퀸', price: 59_000, option: '사이즈: 퀸' },
  { id: '8123450015', name: '국내산 햇찹쌀 4kg', price: 21_500, option: null },
  { id: '8123450016', name: '여성 경량 패딩 조끼', price: 45_000, option: '사이즈: M' },
  { id: '8123450017', name: '캠핑용 접이식 의자', price: 32_000, option: null },
] as const;
/** 신용카드 most often, as on the real store. */
const PAYMENT_MEANS = ['신용카드', '신용카드', '신용카드', '네이버페이 포인트', '계좌이체', '휴대폰'];
/** The carriers seeded dispatches use, CJ대한통운 most often. */
const SEED_CARRIERS = ['CJGLS', 'CJGLS', 'CJGLS', 'HANJIN', 'HYUNDAI', 'EPOST', 'KGB'];
export const DEFAULT_CARRIER = 'CJGLS';

const HOUR_MS = 3_600_000;

/** One order of one or two product orders, paid at `paymentDate` a few minutes after it was placed. */
export function createOrder(state: SandboxState, paymentDate: number, items: number): NaverProductOrder[] {
  const r = state.random;
  const naver = naverState(state);
  const orderDate = paymentDate - Math.floor(r() * 10 * 60_000);
  const day = kstCompactDate(orderDate);
  const orderId = `${day}${naver.nextNumber++}`;
  const buyer = pick(BUYERS, r());
  const address = pick(ADDRESSES, r());
  const detailedAddress = `${101 + Math.floor(r() * 20)}동 ${1001 + Math.floor(r() * 900)}호`;
  const shared = {
    orderId, orderDate, paymentDate, ordererId: `nv${String(Math.floor(r() * 1e6)).padStart(6, '0')}****`, ordererName: buyer,
    ordererTel: `010-${String(1000 + Math.floor(r() * 9000))}-${String(1000 + Math.floor(r() * 9000))}`,
    paymentMeans: pick(PAYMENT_MEANS, r()), payLocationType: r() < 0.8 ? ('MOBILE' as const) : ('PC' as const),
  };
  return Array.from({ length: items }, () => {
    const product = pick(PRODUCTS, r());
    const quantity = 1 + Math.floor(r() * 2);
    const po: NaverProductOrder = {
      ...shared, productOrderId: `${day}${naver.nextNumber++}`, productId: product.id, productName: product.name,
      productOption: product.option, quantity, unitPrice: product.price, totalPaymentAmount: product.price * quantity,
      expectedDeliveryCompany: DEFAULT_CARRIER,
      receiver: { name: buyer, tel: shared.ordererTel, baseAddress: address.base, detailedAddress, zipCode: address.zip },
      status: 'PAYED', placeOrderStatus: 'NOT_YET', placeOrderDate: null, shippingDueDate: paymentDate + 3 * DAY_MS,
      decisionDate: null, lastChangedType: 'PAYED', lastChangedDate: paymentDate, delivery: null,
      remainQuantity: quantity, claim: null, receiverAddressChanged: false,
    };
    naver.productOrders.set(po.productOrderId, po);
    return po;
  });
}

function touch(po: NaverProductOrder, type: string, at: number): void {
  po.lastChangedType = type;
  po.lastChangedDate = at;
}

/** 발주확인: the seller accepted the order; the status stays PAYED. */
export function confirm(po: NaverProductOrder, at: number): void {
  if (po.placeOrderStatus === 'OK') return;
  po.placeOrderStatus = 'OK';
  po.placeOrderDate = at;
}

export interface DispatchInfo {
  deliveryMethod: string;
  deliveryCompany: string | null;
  trackingNumber: string | null;
  sendDate: number;
}

/** 발송처리: the product order ships; a parcel appears at Sweet Tracker for a courier delivery. */
export function dispatch(state: SandboxState, po: NaverProductOrder, info: DispatchInfo, at: number): void {
  confirm(po, Math.min(at, info.sendDate));
  po.status = 'DELIVERING';
  po.delivery = { ...info, pickupDate: info.deliveryCompany ? info.sendDate : null, deliveredDate: null };
  if (info.deliveryCompany && info.trackingNumber) {
    const parcel = openParcel(state, po, info.deliveryCompany, info.trackingNumber);
    if (parcel && parcel.events.length === 0) progressParcel(state, parcel, 2, info.sendDate, info.sendDate);
  }
  touch(po, 'DISPATCHED', at);
}

/** The carrier delivered. Naver lists no DELIVERED change type, so the change keeps its DISPATCHED type. */
export function deliver(state: SandboxState, po: NaverProductOrder, at: number): void {
  const parcel = parcelOf(state, po);
  if (parcel && (parcel.events.at(-1)?.level ?? 1) < 6) progressParcel(state, parcel, 6, po.delivery!.sendDate, at);
  po.status = 'DELIVERED';
  po.delivery!.deliveredDate = at;
  touch(po, 'DISPATCHED', at);
}

export function decide(po: NaverProductOrder, at: number): void {
  po.status = 'PURCHASE_DECIDED';
  po.decisionDate = at;
  touch(po, 'PURCHASE_DECIDED', at);
}

/** Moves one product order a step on at `at`; false when it has nowhere further to go. */
export function advance(state: SandboxState, po: NaverProductOrder, at: number): boolean {
  if (po.claim && !/_DONE$|_REJECT$/.test(po.claim.status)) return advanceClaim(po, at);
  switch (po.status) {
    case 'PAYED': {
      const deliveryCompany = po.expectedDeliveryCompany;
      dispatch(state, po, { deliveryMethod: 'DELIVERY', deliveryCompany, trackingNumber: newTrackingNumber(state, deliveryCompany), sendDate: at }, at);
      return true;
    }
    case 'DELIVERING': deliver(state, po, at); return true;
    case 'DELIVERED': decide(po, at); return true;
    case 'PURCHASE_DECIDED': return false;
    case 'CANCELED': return false;
    case 'RETURNED': return false;
  }
}

/** Where the seed leaves an order placed at position `rank` (0 = oldest) of `total`: older ones got further. */
function seededStatus(rank: number, total: number): NaverStatus {
  const share = rank / total;
  return share < 0.24 ? 'PURCHASE_DECIDED' : share < 0.48 ? 'DELIVERED' : share < 0.76 ? 'DELIVERING' : 'PAYED';
}

/** `count` product orders over the last 10 days of the clock, every step dated between the order and now. */
export function seedProductOrders(state: SandboxState, count: number): void {
  const now = state.clock.now();
  const sizes: number[] = [];
  for (let left = count; left > 0; left -= sizes.at(-1)!) sizes.push(left > 1 && state.random() < 0.2 ? 2 : 1);
  const paid = sizes.map(() => now - HOUR_MS - Math.floor(state.random() * (10 * DAY_MS - HOUR_MS))).sort((a, b) => a - b);
  sizes.forEach((size, rank) => {
    const paidAt = paid[rank];
    const status = seededStatus(rank, sizes.length);
    const span = now - paidAt;
    const carrier = pick(SEED_CARRIERS, state.random());
    const tracking = newTrackingNumber(state, carrier);
    for (const po of createOrder(state, paidAt, size)) {
      po.expectedDeliveryCompany = carrier;
      if (status === 'PAYED') {
        if (state.random() < 0.5) confirm(po, po.paymentDate + Math.floor(span * 0.1));
        continue;
      }
      const sendDate = paidAt + Math.floor(span * 0.3);
      dispatch(state, po, { deliveryMethod: 'DELIVERY', deliveryCompany: carrier, trackingNumber: tracking, sendDate }, sendDate);
      if (status === 'DELIVERING') {
        const parcel = parcelOf(state, po)!;
        const level = 3 + Math.floor(state.random() * 3);
        if (parcel.events.at(-1)!.level < level) progressParcel(state, parcel, level, sendDate, paidAt + Math.floor(span * 0.9));
        continue;
      }
      deliver(state, po, paidAt + Math.floor(span * 0.6));
      if (status === 'PURCHASE_DECIDED') decide(po, paidAt + Math.floor(span * 0.9));
    }
  });
}

/** `POST /__sandbox/orders {marketplace: NAVER}`: new paid orders, changed now. */
export function createNewProductOrders(state: SandboxState, count: number): string[] {
  const now = state.clock.now();
  return Array.from({ length: count }, () => createOrder(state, now, 1)[0].productOrderId);
}

/** `kind: status_change`: the least recently changed product orders move one step, changed now. */
export function changeProductOrderStatuses(state: SandboxState, count: number): string[] {
  const now = state.clock.now();
  const candidates = [...naverState(state).productOrders.values()]
    .filter((po) => !['PURCHASE_DECIDED', 'CANCELED', 'RETURNED'].includes(po.status) && (!po.claim || po.claim.type !== 'CANCEL'))
    .sort((a, b) => a.lastChangedDate - b.lastChangedDate || a.productOrderId.localeCompare(b.productOrderId))
    .slice(0, count);
  for (const po of candidates) advance(state, po, now);
  return candidates.map((po) => po.productOrderId);
}
