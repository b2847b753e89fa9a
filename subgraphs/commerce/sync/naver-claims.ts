// How Naver's claims map onto opsgraph's claim model (providers/naver/README.md, Claims; schema/claims.ts).
// Naver puts the claim on the product order (claimType, claimStatus) and its details in the detail's
// `currentClaim.{cancel|return|exchange}` (the older top-level `cancel` / `return` / `exchange` parts as fallback).
import type { NaverClaimDetail, NaverClaimStatus, NaverProductOrderDetail } from '../../../providers/naver';
import { OrderStatus } from '../../../platform/graphql/enums';
import { ClaimStatus, ClaimType, OPEN_CLAIM_STATUSES, type StoredClaim } from '../schema/claims';

/**
 * Naver claimStatus → ClaimStatus, every documented value (claimStatus.pay-order-seller). The purchase-decision
 * holdback ones are not a buyer's claim: null, and the line is read by its product order status alone.
 *
 * | claimStatus                                  | ClaimStatus  |
 * |----------------------------------------------|--------------|
 * | CANCEL_REQUEST, RETURN_REQUEST, EXCHANGE_REQUEST | REQUESTED |
 * | COLLECTING                                   | COLLECTING   |
 * | COLLECT_DONE                                 | COLLECTED    |
 * | CANCELING, ADMIN_CANCELING, EXCHANGE_REDELIVERING | IN_PROGRESS |
 * | CANCEL_DONE, RETURN_DONE, EXCHANGE_DONE, ADMIN_CANCEL_DONE | COMPLETED |
 * | CANCEL_REJECT, RETURN_REJECT, EXCHANGE_REJECT, ADMIN_CANCEL_REJECT | REJECTED (철회: withdrawn or refused) |
 * | PURCHASE_DECISION_HOLDBACK, _REQUEST, _HOLDBACK_RELEASE | (not a claim) |
 */
export const NAVER_CLAIM_STATUS: Record<NaverClaimStatus, ClaimStatus | null> = {
  CANCEL_REQUEST: ClaimStatus.REQUESTED,
  RETURN_REQUEST: ClaimStatus.REQUESTED,
  EXCHANGE_REQUEST: ClaimStatus.REQUESTED,
  COLLECTING: ClaimStatus.COLLECTING,
  COLLECT_DONE: ClaimStatus.COLLECTED,
  CANCELING: ClaimStatus.IN_PROGRESS,
  ADMIN_CANCELING: ClaimStatus.IN_PROGRESS,
  EXCHANGE_REDELIVERING: ClaimStatus.IN_PROGRESS,
  CANCEL_DONE: ClaimStatus.COMPLETED,
  RETURN_DONE: ClaimStatus.COMPLETED,
  EXCHANGE_DONE: ClaimStatus.COMPLETED,
  ADMIN_CANCEL_DONE: ClaimStatus.COMPLETED,
  CANCEL_REJECT: ClaimStatus.REJECTED,
  RETURN_REJECT: ClaimStatus.REJECTED,
  EXCHANGE_REJECT: ClaimStatus.REJECTED,
  ADMIN_CANCEL_REJECT: ClaimStatus.REJECTED,
  PURCHASE_DECISION_HOLDBACK: null,
  PURCHASE_DECISION_REQUEST: null,
  PURCHASE_DECISION_HOLDBACK_RELEASE: null,
};

/** Naver claimType → ClaimType; 직권 취소 (ADMIN_CANCEL, by Naver) is a cancellation too. */
const NAVER_CLAIM_TYPE: Record<string, ClaimType> = {
  CANCEL: ClaimType.CANCEL, ADMIN_CANCEL: ClaimType.CANCEL, RETURN: ClaimType.RETURN, EXCHANGE: ClaimType.EXCHANGE,
};

/** An open claim of each type sets the order's status: the seller has to answer it. */
export const CLAIM_ORDER_STATUS: Record<ClaimType, OrderStatus> = {
  [ClaimType.CANCEL]: OrderStatus.CANCEL_REQUESTED,
  [ClaimType.RETURN]: OrderStatus.RETURN_REQUESTED,
  [ClaimType.EXCHANGE]: OrderStatus.EXCHANGE_REQUESTED,
};

const PART = { [ClaimType.CANCEL]: 'cancel', [ClaimType.RETURN]: 'return', [ClaimType.EXCHANGE]: 'exchange' } as const;

/** One line's claim, or null when it has none (or only a purchase-decision holdback). */
export function naverClaim(line: NaverProductOrderDetail): StoredClaim | null {
  const po = line.productOrder;
  const type = po.claimType ? NAVER_CLAIM_TYPE[po.claimType] : undefined;
  if (!type || !po.claimStatus) return null;
  // A status Naver adds later reads as requested: shown, and never mistaken for a finished claim.
  const status = po.claimStatus in NAVER_CLAIM_STATUS ? NAVER_CLAIM_STATUS[po.claimStatus] : ClaimStatus.REQUESTED;
  if (!status) return null;
  const part = PART[type];
  const detail: NaverClaimDetail = line.currentClaim?.[part] ?? line[part] ?? {};
  const code = detail[`${part}Reason`];
  const words = detail[`${part}DetailedReason`];
  const reason = [code, words].filter((text): text is string => typeof text === 'string' && text.trim() !== '').join(': ');
  const requested = detail.claimRequestDate ?? line.order.paymentDate ?? line.order.orderDate;
  return {
    type, status, marketplaceStatus: po.claimStatus, reason: reason || null,
    requestedAt: new Date(requested).toISOString(), externalLineId: po.productOrderId,
  };
}

/** The status an open claim gives the order, cancellations first (nothing must ship), or null. */
export function claimOrderStatus(claims: StoredClaim[]): OrderStatus | null {
  const open = claims.filter((claim) => OPEN_CLAIM_STATUSES.has(claim.status));
  for (const type of [ClaimType.CANCEL, ClaimType.RETURN, ClaimType.EXCHANGE]) {
    if (open.some((claim) => claim.type === type)) return CLAIM_ORDER_STATUS[type];
  }
  return null;
}
