// The trackingInfo document (providers/sweettracker/README.md "Tracking"): names masked the way Sweet Tracker masks them,
// details oldest first, first/last/lastState copies, level 1..6 and complete/completeYN.
import type { Parcel, TrackingEvent } from '../state';
import { kstDateTimeWithSpace } from '../time';

/** 홍길동 → 홍*동: the service never shows a full name. */
function maskName(name: string): string {
  return name.length <= 2 ? `${name[0]}*` : `${name[0]}${'*'.repeat(name.length - 2)}${name.at(-1)}`;
}

function presentDetail(e: TrackingEvent) {
  return {
    time: e.time,
    timeString: kstDateTimeWithSpace(e.time),
    code: null,
    where: e.where,
    kind: e.kind,
    telno: '1588-1255',
    telno2: e.manName ? '010-0000-0000' : '',
    remark: null,
    level: e.level,
    manName: e.manName,
    manPic: '',
  };
}

export function presentTracking(parcel: Parcel) {
  const details = parcel.events.map(presentDetail);
  const level = parcel.events.at(-1)?.level ?? 1;
  const complete = level === 6;
  return {
    result: 'Y',
    invoiceNo: parcel.invoiceNo,
    senderName: maskName(parcel.senderName),
    receiverName: maskName(parcel.receiverName),
    receiverAddr: `${parcel.receiverAddr.split(' ').slice(0, 2).join(' ')} **`,
    itemName: parcel.itemName,
    itemImage: null,
    orderNumber: null,
    adUrl: null,
    estimate: complete ? null : '15:00~17:00',
    zipCode: null,
    productInfo: null,
    recipient: complete ? '본인' : null,
    level,
    complete,
    completeYN: complete ? 'Y' : 'N',
    trackingDetails: details,
    firstDetail: details[0] ?? null,
    lastDetail: details.at(-1) ?? null,
    lastStateDetail: details.at(-1) ?? null,
  };
}
