// Naver Commerce API, providers/naver/README.md (delivery) and §5 (Sweet Tracker): a dispatched product order hands a
// parcel to a carrier, and Sweet Tracker must find it under its own carrier code.
import { KIND_BY_LEVEL } from '../orders';
import { pick } from '../prng';
import { parcelKey, type Parcel, type SandboxState } from '../state';
import type { NaverProductOrder } from './store';

/** Naver deliveryCompany code → Sweet Tracker t_code, and the shape of that carrier's invoice numbers. */
export const NAVER_CARRIERS: Readonly<Record<string, { tCode: string; prefix: string; digits: number }>> = {
  CJGLS: { tCode: '04', prefix: '6', digits: 12 },
  HANJIN: { tCode: '05', prefix: '4', digits: 12 },
  HYUNDAI: { tCode: '08', prefix: '2', digits: 12 }, // 롯데택배 keeps its old Hyundai code at Naver
  KGB: { tCode: '06', prefix: '3', digits: 11 }, // 로젠택배
  EPOST: { tCode: '01', prefix: '6', digits: 13 },
};

const HUBS = ['곤지암Hub', '대전Hub', '옥천HUB', '청원HUB', '동서울터미널'];
export const SENDER_NAME = '오피에스그래프 스마트스토어';

/** A fresh invoice number in the carrier's format that no parcel uses yet. */
export function newTrackingNumber(state: SandboxState, company: string): string {
  const carrier = NAVER_CARRIERS[company];
  let number: string;
  do {
    const rest = Math.floor(state.random() * 10 ** (carrier.digits - 1));
    number = `${carrier.prefix}${String(rest).padStart(carrier.digits - 1, '0')}`;
  } while (state.parcels.has(parcelKey(carrier.tCode, number)));
  return number;
}

/** The parcel of a dispatched product order: created once per invoice (an order's items can share one box). */
export function openParcel(state: SandboxState, po: NaverProductOrder, company: string, trackingNumber: string): Parcel | undefined {
  const carrier = NAVER_CARRIERS[company];
  if (!carrier) return undefined;
  const key = parcelKey(carrier.tCode, trackingNumber);
  const existing = state.parcels.get(key);
  if (existing) return existing;
  const parcel: Parcel = {
    carrierCode: carrier.tCode, invoiceNo: trackingNumber, orderId: po.orderId, senderName: SENDER_NAME,
    receiverName: po.receiver.name, receiverAddr: po.receiver.baseAddress, itemName: po.productName, events: [],
  };
  state.parcels.set(key, parcel);
  return parcel;
}

/** Adds tracking events up to `level` (1..6), spread between `from` and `until`. */
export function progressParcel(state: SandboxState, parcel: Parcel, level: number, from: number, until: number): void {
  const last = parcel.events.at(-1)?.level ?? 1;
  const steps = level - last;
  for (let step = 1; step <= steps; step++) {
    const lvl = last + step;
    parcel.events.push({
      time: from + Math.floor(((until - from) * step) / steps),
      where: lvl >= 5 ? parcel.receiverAddr.split(' ').slice(0, 2).join(' ') : pick(HUBS, state.random()),
      level: lvl, kind: KIND_BY_LEVEL[lvl], manName: lvl >= 5 ? '박기사' : '',
    });
  }
}

export function parcelOf(state: SandboxState, po: NaverProductOrder): Parcel | undefined {
  const d = po.delivery;
  const carrier = d?.deliveryCompany ? NAVER_CARRIERS[d.deliveryCompany] : undefined;
  return carrier && d?.trackingNumber ? state.parcels.get(parcelKey(carrier.tCode, d.trackingNumber)) : undefined;
}
