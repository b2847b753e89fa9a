// Makes the shared mall's orders appear, with the payment and parcel a real mall would have for them (sandbox/README.md):
// the seed at start-up and `POST /__sandbox/orders`. One generator so seeded and later orders look alike.
import { pick, stableHex, stableId } from './prng';
import { addOrder, addPayment, parcelKey, type ItemStatus, type Order, type OrderItem, type Parcel, type SandboxState } from './state';
import { DAY_MS, kstCompactDate } from './time';

const BUYERS = ['김민준', '이서연', '박지훈', '최유진', '정하늘', '강다은', '조현우', '윤서아', '장민서', '임도윤', '한지민', '오세훈'];
const ADDRESSES = ['서울 강남구 테헤란로', '서울 마포구 양화로', '부산 해운대구 센텀로', '인천 연수구 송도동', '대구 수성구 범어로', '경기 성남시 분당구'];
const HUBS = ['곤지암Hub', '대전Hub', '옥천HUB', '청원HUB'];
const PRODUCTS = [
  { no: 11, code: 'P000000L', name: '오버핏 코튼 티셔츠', price: 19_000 },
  { no: 12, code: 'P000000M', name: '와이드 데님 팬츠', price: 39_000 },
  { no: 13, code: 'P000000N', name: '캐시미어 니트', price: 89_000 },
  { no: 14, code: 'P000000O', name: '캔버스 토트백', price: 25_000 },
  { no: 15, code: 'P000000P', name: '러닝 스니커즈', price: 69_000 },
  { no: 16, code: 'P000000Q', name: '울 블렌드 코트', price: 159_000 },
  { no: 17, code: 'P000000R', name: '양말 3종 세트', price: 9_900 },
] as const;
/** Matches MALL_CARRIERS: the sandbox mall ships with CJ대한통운 (0001 → t_code 04). */
const DISPATCH_CARRIER = { mallCode: '0001', tCode: '04' };
const FREE_SHIPPING_FROM = 50_000;
const SHIPPING_FEE = 3_000;

/** Tracker level → the `kind` string CJ대한통운 shows at that step. */
export const KIND_BY_LEVEL: Readonly<Record<number, string>> = {
  1: '배송준비중', 2: '집화처리', 3: '간선상차', 4: '간선하차', 5: '배송출발', 6: '배송완료',
};

export function seedOrders(state: SandboxState, count: number): void {
  const now = state.clock.now();
  // Creation order = date order, so ids grow with time like real ones.
  const dates = Array.from({ length: count }, () => now - Math.floor(state.random() * 10 * DAY_MS)).sort((a, b) => a - b);
  for (const orderDate of dates) createOrder(state, orderDate, now);
}

export function createNewOrders(state: SandboxState, count: number): string[] {
  const now = state.clock.now();
  return Array.from({ length: count }, () => createOrder(state, now, now).orderId);
}

/** Moves up to `count` orders one status forward (oldest change first) and returns their ids. */
export function advanceOrders(state: SandboxState, count: number): string[] {
  const now = state.clock.now();
  const candidates = state.orders
    .filter((o) => o.items[0].status !== 'N40')
    .sort((a, b) => a.updatedDate - b.updatedDate || a.orderId.localeCompare(b.orderId))
    .slice(0, count);
  for (const order of candidates) advanceOrder(state, order, now);
  return candidates.map((o) => o.orderId);
}

function createOrder(state: SandboxState, orderDate: number, now: number): Order {
  const r = state.random;
  const day = kstCompactDate(orderDate);
  const seq = (state.orderSeqByDay.get(day) ?? 0) + 1;
  state.orderSeqByDay.set(day, seq);
  const orderId = `${day}-${String(seq).padStart(7, '0')}`;
  const items: OrderItem[] = Array.from({ length: 1 + Math.floor(r() * 3) }, (_, i) => {
    const product = pick(PRODUCTS, r());
    return {
      itemNo: i + 1, productNo: product.no, productCode: product.code, productName: product.name,
      quantity: 1 + Math.floor(r() * 2), price: product.price, status: 'N00',
      shippingCompanyCode: null, trackingNo: null,
    };
  });
  const subtotal = items.reduce((sum, it) => sum + it.price * it.quantity, 0);
  const order: Order = {
    orderId, memberId: `member${1000 + Math.floor(r() * 9000)}`, buyerName: pick(BUYERS, r()),
    receiverName: pick(BUYERS, r()), receiverAddr: pick(ADDRESSES, r()),
    orderDate, paymentDate: null, updatedDate: orderDate, shipBeginDate: null, shipEndDate: null,
    paymentMethod: ['cash'], shippingFee: subtotal >= FREE_SHIPPING_FROM ? 0 : SHIPPING_FEE, items,
  };
  addOrder(state, order);
  const paid = r() < 2 / 3;
  const dispatched = paid && r() < 0.5;
  const delivered = dispatched && r() < 0.5;
  if (!paid) return order;
  // Spread the later steps between the order and now, so every seeded date lies in the past.
  const span = now - orderDate;
  markPaid(state, order, orderDate + Math.floor(span * 0.05));
  if (!dispatched) return setStatus(order, 'N20', order.paymentDate!);
  const dispatchAt = orderDate + Math.floor(span * 0.3);
  dispatch(state, order, dispatchAt, delivered ? 6 : 2 + Math.floor(r() * 4), now);
  return order;
}

export function orderPaymentAmount(order: Order): number {
  return order.items.reduce((sum, it) => sum + it.price * it.quantity, 0) + order.shippingFee;
}

function setStatus(order: Order, status: ItemStatus, at: number): Order {
  for (const item of order.items) item.status = status;
  order.updatedDate = Math.max(order.updatedDate, at);
  return order;
}

/** The mall took the money through its payment gateway: the payment's orderId is the mall's order id. */
function markPaid(state: SandboxState, order: Order, at: number): void {
  order.paymentDate = at;
  order.paymentMethod = ['card'];
  const first = order.items[0].productName;
  const more = order.items.length - 1;
  addPayment(state, {
    paymentKey: stableId(`payment:${order.orderId}`, 48),
    orderId: order.orderId,
    orderName: more > 0 ? `${first} 외 ${more}건` : first,
    totalAmount: orderPaymentAmount(order),
    status: 'DONE',
    requestedAt: at - 60_000,
    approvedAt: at,
    lastTransactionKey: stableHex(`tx:${order.orderId}`, 32).toUpperCase(),
    cardNumber: `4330${stableHex(order.orderId, 4).replace(/[a-f]/g, '0')}****${Math.floor(state.random() * 900 + 100)}*`,
    approveNo: String(10_000_000 + Math.floor(state.random() * 89_999_999)),
  });
  setStatus(order, 'N10', at);
}

/** Hands the parcel to CJ and records tracking events up to `level`, evenly spaced until `until`. */
function dispatch(state: SandboxState, order: Order, at: number, level: number, until: number): void {
  let invoiceNo: string;
  do invoiceNo = `5${String(Math.floor(state.random() * 1e11)).padStart(11, '0')}`;
  while (state.parcels.has(parcelKey(DISPATCH_CARRIER.tCode, invoiceNo)));
  for (const item of order.items) {
    item.shippingCompanyCode = DISPATCH_CARRIER.mallCode;
    item.trackingNo = invoiceNo;
  }
  order.shipBeginDate = at;
  const parcel: Parcel = {
    carrierCode: DISPATCH_CARRIER.tCode, invoiceNo, orderId: order.orderId, senderName: '오피에스그래프',
    receiverName: order.receiverName, receiverAddr: order.receiverAddr,
    itemName: order.items[0].productName, events: [],
  };
  state.parcels.set(parcelKey(parcel.carrierCode, invoiceNo), parcel);
  setStatus(order, 'N30', at);
  progressParcel(state, order, parcel, level, at, until);
}

function progressParcel(state: SandboxState, order: Order, parcel: Parcel, level: number, from: number, until: number): void {
  const last = parcel.events.at(-1)?.level ?? 1;
  const steps = level - last;
  for (let step = 1; step <= steps; step++) {
    const lvl = last + step;
    parcel.events.push({
      time: from + Math.floor(((until - from) * 0.9 * step) / steps),
      where: lvl >= 5 ? parcel.receiverAddr.split(' ').slice(0, 2).join(' ') : pick(HUBS, state.random()),
      level: lvl, kind: KIND_BY_LEVEL[lvl], manName: lvl >= 5 ? '김기사' : '',
    });
  }
  if (level === 6) {
    order.shipEndDate = parcel.events.at(-1)!.time;
    setStatus(order, 'N40', order.shipEndDate);
  }
}

function advanceOrder(state: SandboxState, order: Order, now: number): void {
  switch (order.items[0].status) {
    case 'N00': markPaid(state, order, now); break;
    case 'N10': setStatus(order, 'N20', now); break;
    case 'N20': dispatch(state, order, now, 2, now); break;
    case 'N30': {
      const invoice = order.items[0].trackingNo!;
      const parcel = state.parcels.get(parcelKey(DISPATCH_CARRIER.tCode, invoice))!;
      progressParcel(state, order, parcel, 6, now, now);
      break;
    }
    case 'N40': return;
  }
  order.updatedDate = now;
}
