// How 11st's claims map onto opsgraph's claim model (providers/elevenst/README.md "Claims"; schema/claims.ts). 11st
// files each claim on one product line (ordNo + ordPrdSeq) under its own number, listed by claim list.
import { parseElevenstDateTime, type ElevenstClaim } from '../../../providers/elevenst';
import { OrderStatus } from '../../../platform/graphql/enums';
import { ClaimStatus, ClaimType, type StoredClaim } from '../schema/claims';
import { claimOrderStatus } from './naver-claims';

/**
 * 11st ordCnStatCd (cancellations) → ClaimStatus, every documented value (apiSeq 1639, 1642, 1724):
 *
 * | ordCnStatCd | meaning             | ClaimStatus |
 * |-------------|---------------------|-------------|
 * | 01          | 취소요청             | REQUESTED   |
 * | 02          | 취소완료             | COMPLETED   |
 * | 05          | 취소신청취소(철회완료) | REJECTED (withdrawn by the buyer) |
 */
export const ELEVENST_CANCEL_STATUS: Readonly<Record<string, ClaimStatus>> = {
  '01': ClaimStatus.REQUESTED,
  '02': ClaimStatus.COMPLETED,
  '05': ClaimStatus.REJECTED,
};

/**
 * 11st clmStat (returns and exchanges) → ClaimStatus, every documented value (apiSeq 1643, 1648):
 *
 * | clmStat | meaning       | ClaimStatus |
 * |---------|---------------|-------------|
 * | 103     | 재결제대기중    | REQUESTED (the buyer owes the return fee) |
 * | 104     | 반품보류       | IN_PROGRESS |
 * | 105     | 반품신청       | REQUESTED   |
 * | 106     | 반품완료       | COMPLETED   |
 * | 107     | 반품거부       | REJECTED    |
 * | 108     | 반품철회       | REJECTED (withdrawn) |
 * | 109     | 반품완료보류    | IN_PROGRESS |
 * | 201     | 교환신청       | REQUESTED   |
 * | 212     | 교환승인       | IN_PROGRESS |
 * | 214     | 교환보류       | IN_PROGRESS |
 * | 221     | 교환발송완료    | COMPLETED   |
 * | 232     | 교환거부       | REJECTED    |
 * | 233     | 교환철회       | REJECTED (withdrawn) |
 * | 301     | 재배송접수      | IN_PROGRESS |
 * | 302     | 재배송완료      | COMPLETED   |
 */
export const ELEVENST_CLAIM_STATUS: Readonly<Record<string, ClaimStatus>> = {
  '103': ClaimStatus.REQUESTED, '104': ClaimStatus.IN_PROGRESS, '105': ClaimStatus.REQUESTED, '106': ClaimStatus.COMPLETED,
  '107': ClaimStatus.REJECTED, '108': ClaimStatus.REJECTED, '109': ClaimStatus.IN_PROGRESS,
  '201': ClaimStatus.REQUESTED, '212': ClaimStatus.IN_PROGRESS, '214': ClaimStatus.IN_PROGRESS, '221': ClaimStatus.COMPLETED,
  '232': ClaimStatus.REJECTED, '233': ClaimStatus.REJECTED, '301': ClaimStatus.IN_PROGRESS, '302': ClaimStatus.COMPLETED,
};

const TYPE = { cancel: ClaimType.CANCEL, return: ClaimType.RETURN, exchange: ClaimType.EXCHANGE } as const;

/** What the seller's actions need of an 11st claim (marketplaceData.claims): its number and line, beside the claim shown. */
export interface ElevenstClaimRecord {
  kind: ElevenstClaim['kind'];
  claimSeq: string;
  ordPrdSeq: string;
  quantity: number;
  claim: StoredClaim;
}

export function elevenstClaimStatus(claim: Pick<ElevenstClaim, 'kind' | 'status'>): ClaimStatus {
  const table = claim.kind === 'cancel' ? ELEVENST_CANCEL_STATUS : ELEVENST_CLAIM_STATUS;
  // A status 11st adds later reads as requested: shown, and never mistaken for a finished claim.
  return table[claim.status] ?? ClaimStatus.REQUESTED;
}

export function elevenstClaimRecord(claim: ElevenstClaim): ElevenstClaimRecord {
  const when = claim.requestedAt ? parseElevenstDateTime(claim.requestedAt) : null;
  const reason = [claim.reasonCode, claim.reasonText].filter((part) => part.trim() !== '').join(': ');
  return {
    kind: claim.kind, claimSeq: claim.claimSeq, ordPrdSeq: claim.ordPrdSeq, quantity: claim.quantity,
    claim: {
      type: TYPE[claim.kind], status: elevenstClaimStatus(claim), marketplaceStatus: claim.status, reason: reason || null,
      requestedAt: (when && !Number.isNaN(when.getTime()) ? when : new Date(0)).toISOString(), externalLineId: claim.ordPrdSeq,
    },
  };
}

/** The records stored on an order (marketplaceData.claims), or none. */
export function readElevenstClaims(data: Record<string, unknown> | null | undefined): ElevenstClaimRecord[] {
  const claims = data?.claims;
  return Array.isArray(claims) ? (claims as ElevenstClaimRecord[]).filter((r) => r && typeof r.claimSeq === 'string' && r.claim) : [];
}

/** Stored records updated by newly listed ones (same kind and number), in a stable order. */
export function mergeElevenstClaims(stored: ElevenstClaimRecord[], listed: ElevenstClaimRecord[]): ElevenstClaimRecord[] {
  const byKey = new Map(stored.map((r) => [`${r.kind}:${r.claimSeq}`, r]));
  for (const record of listed) {
    const key = `${record.kind}:${record.claimSeq}`;
    const seen = byKey.get(key);
    // A claim listed twice in one sync (request list and done list) keeps its final word.
    if (!seen || !isFinal(seen.claim.status) || isFinal(record.claim.status)) byKey.set(key, record);
  }
  return [...byKey.values()].sort((a, b) => a.claim.requestedAt.localeCompare(b.claim.requestedAt) || a.claimSeq.localeCompare(b.claimSeq));
}

const isFinal = (status: ClaimStatus) => status === ClaimStatus.COMPLETED || status === ClaimStatus.REJECTED;

/** The lines a completed cancellation took out of the order: they are no longer sold. */
export function cancelledLines(records: ElevenstClaimRecord[]): Set<string> {
  return new Set(records.filter((r) => r.kind === 'cancel' && r.claim.status === ClaimStatus.COMPLETED).map((r) => r.ordPrdSeq));
}

/**
 * The order's status with its claims: an open claim asks the seller; every line cancelled is CANCELLED; a
 * completed return is RETURNED, a completed exchange EXCHANGED; otherwise the lines' own status stands.
 */
export function elevenstClaimedStatus(base: OrderStatus, records: ElevenstClaimRecord[], lineCount: number): OrderStatus {
  const claims = records.map((r) => r.claim);
  const open = claimOrderStatus(claims);
  if (open) return open;
  if (lineCount > 0 && cancelledLines(records).size >= lineCount) return OrderStatus.CANCELLED;
  if (claims.some((c) => c.type === ClaimType.RETURN && c.status === ClaimStatus.COMPLETED)) return OrderStatus.RETURNED;
  if (claims.some((c) => c.type === ClaimType.EXCHANGE && c.status === ClaimStatus.COMPLETED)) return OrderStatus.EXCHANGED;
  return base;
}
