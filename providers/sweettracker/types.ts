// Sweet Tracker (스마트택배) wire types, following providers/sweettracker/README.md (Sweet Tracker):
// field names exactly as sent, including the capitalised ones of the company list.

/** 1 배송준비중, 2 집화완료, 3 배송중, 4 지점도착, 5 배송출발, 6 배송완료 (providers/sweettracker/README.md treats 1..6 as canonical). */
export type SweetTrackerLevel = 1 | 2 | 3 | 4 | 5 | 6;

export interface SweetTrackerDetail {
  /** Epoch milliseconds. */
  time: number;
  /** "2020-11-13 12:25:00", Korean time. */
  timeString: string;
  code: string | null;
  where: string;
  /** The carrier's own words for the step, e.g. "배송완료". */
  kind: string;
  telno: string | null;
  telno2: string | null;
  remark: string | null;
  level: SweetTrackerLevel;
  manName: string | null;
  manPic: string | null;
}

export interface SweetTrackerTracking {
  result: 'Y' | 'N';
  invoiceNo: string;
  senderName: string | null;
  receiverName: string | null;
  receiverAddr: string | null;
  itemName: string | null;
  itemImage: string | null;
  orderNumber: string | null;
  adUrl: string | null;
  estimate: string | null;
  zipCode: string | null;
  productInfo: string | null;
  recipient: string | null;
  level: SweetTrackerLevel;
  complete: boolean;
  completeYN: 'Y' | 'N';
  trackingDetails: SweetTrackerDetail[];
  firstDetail: SweetTrackerDetail | null;
  lastDetail: SweetTrackerDetail | null;
  lastStateDetail: SweetTrackerDetail | null;
}

export interface SweetTrackerCompany {
  /** Carrier code used as t_code, e.g. "04" CJ대한통운. */
  Code: string;
  /** "true" / "false" as a string. */
  International: string;
  Name: string;
}

export interface SweetTrackerRecommendation {
  Code: string;
  Name: string;
}

/** Sweet Tracker's failure reply, sent with HTTP 200. */
export interface SweetTrackerErrorBody {
  status: false;
  code: string;
  msg: string;
}
