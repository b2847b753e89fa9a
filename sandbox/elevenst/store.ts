// The 11st seller's private world in the sandbox (providers/elevenst/README.md "Order queries", "Actions"): accepted
// openapikeys, product lines in one of the four order states, and each key's throttle window.
import { moduleState } from '../module-state';
import type { SandboxState } from '../state';

export type LineState = 'complete' | 'packaging' | 'shipping' | 'dlvcompleted';
/** A line a completed cancellation took out: it no longer shows in any of the four order lists. */
export type StoredLineState = LineState | 'cancelled';
export const LINE_STATES: readonly LineState[] = ['complete', 'packaging', 'shipping', 'dlvcompleted'];

/** One product line of an 11st order: what one `<ns2:order>` element prints. */
export interface ElevenstLine {
  ordNo: string;
  ordPrdSeq: number;
  dlvNo: string;
  ordDt: number;
  ordStlEndDt: number;
  prdNo: string;
  prdNm: string;
  slctPrdOptNm: string;
  ordQty: number;
  selPrc: number; // integer KRW
  dlvCstType: '01' | '03';
  dlvCst: number; // charged once per dlvNo, printed on its first line
  bndlDlvSeq: string;
  rcvrNm: string;
  rcvrPrtblNo: string;
  rcvrMailNo: string;
  rcvrBaseAddr: string;
  rcvrDtlsAddr: string;
  ordNm: string;
  memID: string;
  addPrdYn: 'Y' | 'N';
  addPrdNo: string;
  sellerPrdCd: string;
  state: StoredLineState;
  /** When the line entered its state: the time the order queries filter on (UNVERIFIED which date 11st uses). */
  stateAt: number;
  plcodrCnfDt: number | null;
  sendDt: number | null;
  dlvEtprsCd: string | null;
  invcNo: string | null;
}

export interface ElevenstStore {
  apiKeys: Set<string>;
  lines: ElevenstLine[];
  /** Call times of the last second, by key: the 5 calls/s throttle. */
  windows: Map<string, number[]>;
  ordSeq: number;
  claims: ElevenstClaim[];
  claimSeq: number;
}

/**
 * One claim on one line (11st's claim lists): a cancellation (ordCnStatCd 01/02/05) or a return or exchange
 * (clmStat 105/106/107…). `stateAt` is when its status last changed: what the claim lists filter on (UNVERIFIED).
 */
export interface ElevenstClaim {
  kind: 'cancel' | 'return' | 'exchange';
  seq: number;
  ordNo: string;
  ordPrdSeq: number;
  status: string;
  reasonCode: string;
  reasonText: string;
  quantity: number;
  requestedAt: number;
  stateAt: number;
  doneAt: number | null;
}

export function elevenstStore(state: SandboxState): ElevenstStore {
  return moduleState(state, 'elevenst', () => ({ apiKeys: new Set<string>(), lines: [], windows: new Map(), ordSeq: 0, claims: [], claimSeq: 8_190_000 }));
}

/** Lines that ship together under one delivery number (a bundle). */
export function linesOfDelivery(store: ElevenstStore, dlvNo: string): ElevenstLine[] {
  return store.lines.filter((l) => l.dlvNo === dlvNo);
}

export const CALLS_PER_SECOND = 5;

/** Admits one call of `key` unless 5 were admitted in the last second of sandbox clock. */
export function admitCall(state: SandboxState, key: string): boolean {
  const store = elevenstStore(state);
  const now = state.clock.now();
  const recent = (store.windows.get(key) ?? []).filter((at) => at > now - 1000);
  const admitted = recent.length < CALLS_PER_SECOND;
  if (admitted) recent.push(now);
  store.windows.set(key, recent);
  return admitted;
}
