// How Coupang's claims map onto opsgraph's claim model (providers/coupang/README.md, Claims; schema/claims.ts).
// Coupang files claims apart from the order sheets: cancellation and return receipts (returnRequests, by receiptId)
// and exchange requests (exchangeRequests, by exchangeId), each naming the orderId and the boxes and items claimed.
import type { CoupangExchangeRequest, CoupangExchangeStatus, CoupangReceiptStatus, CoupangReturnRequest } from '../../../providers/coupang';
import { ClaimStatus, ClaimType, type StoredClaim } from '../schema/claims';
import { coupangTime } from './coupang-mapping';

/**
 * Coupang receiptStatus → ClaimStatus, every documented value (반품요청 목록 조회, receiptStatus):
 *
 * | receiptStatus             | meaning        | ClaimStatus |
 * |---------------------------|----------------|-------------|
 * | RELEASE_STOP_UNCHECKED    | 출고중지요청     | REQUESTED   |
 * | RETURNS_UNCHECKED         | 반품접수        | REQUESTED   |
 * | VENDOR_WAREHOUSE_CONFIRM  | 입고완료        | COLLECTED   |
 * | REQUEST_COUPANG_CHECK     | 쿠팡확인요청     | IN_PROGRESS |
 * | RETURNS_COMPLETED         | 반품완료        | COMPLETED   |
 */
export const COUPANG_RECEIPT_STATUS: Record<CoupangReceiptStatus, ClaimStatus> = {
  RELEASE_STOP_UNCHECKED: ClaimStatus.REQUESTED,
  RETURNS_UNCHECKED: ClaimStatus.REQUESTED,
  VENDOR_WAREHOUSE_CONFIRM: ClaimStatus.COLLECTED,
  REQUEST_COUPANG_CHECK: ClaimStatus.IN_PROGRESS,
  RETURNS_COMPLETED: ClaimStatus.COMPLETED,
};

/**
 * Coupang exchangeStatus → ClaimStatus, every documented value (교환요청 목록 조회): RECEIPT 접수, PROGRESS 진행,
 * SUCCESS 완료, REJECT 불가 (refused), CANCEL 철회 (withdrawn by the buyer).
 */
export const COUPANG_EXCHANGE_STATUS: Record<CoupangExchangeStatus, ClaimStatus> = {
  RECEIPT: ClaimStatus.REQUESTED,
  PROGRESS: ClaimStatus.IN_PROGRESS,
  SUCCESS: ClaimStatus.COMPLETED,
  REJECT: ClaimStatus.REJECTED,
  CANCEL: ClaimStatus.REJECTED,
};

/**
 * A receipt is a cancellation when Coupang lists it under cancelType=CANCEL, or when it is (or was) a 출고중지요청:
 * the buyer cancelled a box in 상품준비중, which Coupang files as a return receipt until the seller stops it.
 */
export function receiptClaimType(receipt: Pick<CoupangReturnRequest, 'receiptType' | 'receiptStatus' | 'releaseStopStatus'>): ClaimType {
  if (receipt.receiptType === 'CANCEL' || receipt.receiptStatus === 'RELEASE_STOP_UNCHECKED' || receipt.releaseStopStatus === '처리(출고중지)') {
    return ClaimType.CANCEL;
  }
  return ClaimType.RETURN;
}

const words = (...parts: Array<string | null | undefined>) => parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '').join(': ') || null;

/**
 * What the seller's actions need of a Coupang claim, kept in the order's marketplaceData (`claims`): the receipt or
 * exchange id and the count Coupang wants repeated, beside the claim as shown.
 */
export interface CoupangClaimRecord {
  kind: 'receipt' | 'exchange';
  id: number;
  cancelCount: number;
  claim: StoredClaim;
}

/** A cancellation receipt in 결제완료 is done when listed (Coupang cancelled at once): its status there is UNVERIFIED. */
export function receiptRecord(receipt: CoupangReturnRequest): CoupangClaimRecord {
  const type = receiptClaimType(receipt);
  const known = receipt.receiptStatus in COUPANG_RECEIPT_STATUS;
  // A status Coupang adds later reads as requested (shown, never taken for finished), except on an immediate cancellation.
  const status = known
    ? COUPANG_RECEIPT_STATUS[receipt.receiptStatus as CoupangReceiptStatus]
    : receipt.receiptType === 'CANCEL' ? ClaimStatus.COMPLETED : ClaimStatus.REQUESTED;
  return {
    kind: 'receipt', id: receipt.receiptId, cancelCount: receipt.cancelCountSum,
    claim: {
      type, status, marketplaceStatus: receipt.receiptStatus,
      reason: words(receipt.cancelReasonCategory1, receipt.cancelReasonCategory2, receipt.cancelReason),
      requestedAt: coupangTime(receipt.createdAt).toISOString(),
      externalLineId: String(receipt.returnItems[0]?.vendorItemId ?? receipt.receiptId),
    },
  };
}

export function exchangeRecord(exchange: CoupangExchangeRequest): CoupangClaimRecord {
  const status = exchange.exchangeStatus in COUPANG_EXCHANGE_STATUS ? COUPANG_EXCHANGE_STATUS[exchange.exchangeStatus as CoupangExchangeStatus] : ClaimStatus.REQUESTED;
  const first = exchange.exchangeItemDtoV1s[0];
  return {
    kind: 'exchange', id: exchange.exchangeId, cancelCount: exchange.exchangeItemDtoV1s.reduce((sum, item) => sum + item.quantity, 0),
    claim: {
      type: ClaimType.EXCHANGE, status, marketplaceStatus: exchange.exchangeStatus,
      reason: words(exchange.reasonCodeText ?? exchange.reasonCode, exchange.reason),
      requestedAt: coupangTime(exchange.createdAt).toISOString(),
      externalLineId: String(first?.orderItemId ?? first?.targetItemId ?? exchange.exchangeId),
    },
  };
}

/** The records stored on an order (marketplaceData.claims), or none. */
export function readCoupangClaims(data: Record<string, unknown> | null | undefined): CoupangClaimRecord[] {
  const claims = data?.claims;
  if (!Array.isArray(claims)) return [];
  return (claims as CoupangClaimRecord[]).filter((r) => r && (r.kind === 'receipt' || r.kind === 'exchange') && typeof r.id === 'number' && r.claim);
}

/** Stored records updated by newly listed ones (same kind and id), the newer ones replacing, in a stable order. */
export function mergeClaimRecords(stored: CoupangClaimRecord[], listed: CoupangClaimRecord[]): CoupangClaimRecord[] {
  const byKey = new Map(stored.map((r) => [`${r.kind}:${r.id}`, r]));
  for (const record of listed) byKey.set(`${record.kind}:${record.id}`, record);
  return [...byKey.values()].sort((a, b) => a.claim.requestedAt.localeCompare(b.claim.requestedAt) || a.id - b.id);
}
