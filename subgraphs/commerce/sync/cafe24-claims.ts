// How Cafe24's claims map onto opsgraph's claim model (providers/cafe24/README.md "Claims"; schema/claims.ts). Cafe24
// files a claim on order items: the item's order_status turns C (취소), R (반품) or E (교환), with its claim_code.
import { OrderStatus } from '../../../platform/graphql/enums';
import type { Cafe24OrderItem } from '../../../providers/cafe24';
import { ClaimStatus, ClaimType, type StoredClaim } from '../schema/claims';
import { claimOrderStatus } from './naver-claims';

type Mapping = readonly [ClaimType, ClaimStatus];
const cancel = (status: ClaimStatus): Mapping => [ClaimType.CANCEL, status];
const ret = (status: ClaimStatus): Mapping => [ClaimType.RETURN, status];
const exchange = (status: ClaimStatus): Mapping => [ClaimType.EXCHANGE, status];

/**
 * Cafe24 item order_status (C, R, E) → claim, every value the Admin API documents (Retrieve a list of orders,
 * order_status). A refund still pending does not keep a claim open: the goods question is settled.
 *
 * | code    | meaning                      | claim                |
 * |---------|------------------------------|----------------------|
 * | C00     | 취소신청                      | CANCEL REQUESTED     |
 * | C10     | 취소접수 - 관리자              | CANCEL IN_PROGRESS   |
 * | C11     | 취소접수거부 - 관리자          | CANCEL REJECTED      |
 * | C34-C36 | 취소처리중 (환불전/완료/보류)   | CANCEL IN_PROGRESS   |
 * | C40-C43 | 취소완료 (…환불전/요청중/보류)  | CANCEL COMPLETED     |
 * | C47-C49 | 입금전취소 (구매자/자동/관리자)  | CANCEL COMPLETED     |
 * | R00     | 반품신청                      | RETURN REQUESTED     |
 * | R10     | 반품접수                      | RETURN COLLECTING    |
 * | R11     | 반품 접수 거부                 | RETURN REJECTED      |
 * | R12     | 반품보류                      | RETURN IN_PROGRESS   |
 * | R13     | 반품접수 - 수거완료(자동)       | RETURN COLLECTED     |
 * | R20     | 반품 수거 완료                 | RETURN COLLECTED     |
 * | R30     | 반품처리중 - 수거전            | RETURN COLLECTING    |
 * | R31     | 반품처리중 - 수거완료          | RETURN COLLECTED     |
 * | R34 R36 | 반품처리중 - 환불전/환불보류     | RETURN IN_PROGRESS   |
 * | R40-R43 | 반품완료 (…환불완료/전/요청중/보류) | RETURN COMPLETED  |
 * | E00     | 교환신청                      | EXCHANGE REQUESTED   |
 * | E10     | 교환접수                      | EXCHANGE COLLECTING  |
 * | E11     | 교환접수거부                   | EXCHANGE REJECTED    |
 * | E12     | 교환보류                      | EXCHANGE IN_PROGRESS |
 * | E13     | 교환접수 - 수거완료(자동)       | EXCHANGE COLLECTED   |
 * | E20     | 교환준비                      | EXCHANGE IN_PROGRESS |
 * | E30     | 교환처리중 - 수거전            | EXCHANGE COLLECTING  |
 * | E31     | 교환처리중 - 수거완료          | EXCHANGE COLLECTED   |
 * | E32-E36 | 교환처리중 (입금/환불 전후, 보류) | EXCHANGE IN_PROGRESS |
 * | E40     | 교환완료                      | EXCHANGE COMPLETED   |
 * | E41     | 교환 완료 - 교환철회           | EXCHANGE REJECTED (withdrawn) |
 * | E50 E51 | 교환철회 - 판매자/구매자        | EXCHANGE REJECTED (withdrawn) |
 */
export const CAFE24_CLAIM_STATUS: Readonly<Record<string, Mapping>> = {
  C00: cancel(ClaimStatus.REQUESTED), C10: cancel(ClaimStatus.IN_PROGRESS), C11: cancel(ClaimStatus.REJECTED),
  C34: cancel(ClaimStatus.IN_PROGRESS), C35: cancel(ClaimStatus.IN_PROGRESS), C36: cancel(ClaimStatus.IN_PROGRESS),
  C40: cancel(ClaimStatus.COMPLETED), C41: cancel(ClaimStatus.COMPLETED), C42: cancel(ClaimStatus.COMPLETED), C43: cancel(ClaimStatus.COMPLETED),
  C47: cancel(ClaimStatus.COMPLETED), C48: cancel(ClaimStatus.COMPLETED), C49: cancel(ClaimStatus.COMPLETED),
  R00: ret(ClaimStatus.REQUESTED), R10: ret(ClaimStatus.COLLECTING), R11: ret(ClaimStatus.REJECTED), R12: ret(ClaimStatus.IN_PROGRESS),
  R13: ret(ClaimStatus.COLLECTED), R20: ret(ClaimStatus.COLLECTED), R30: ret(ClaimStatus.COLLECTING), R31: ret(ClaimStatus.COLLECTED),
  R34: ret(ClaimStatus.IN_PROGRESS), R36: ret(ClaimStatus.IN_PROGRESS),
  R40: ret(ClaimStatus.COMPLETED), R41: ret(ClaimStatus.COMPLETED), R42: ret(ClaimStatus.COMPLETED), R43: ret(ClaimStatus.COMPLETED),
  E00: exchange(ClaimStatus.REQUESTED), E10: exchange(ClaimStatus.COLLECTING), E11: exchange(ClaimStatus.REJECTED),
  E12: exchange(ClaimStatus.IN_PROGRESS), E13: exchange(ClaimStatus.COLLECTED), E20: exchange(ClaimStatus.IN_PROGRESS),
  E30: exchange(ClaimStatus.COLLECTING), E31: exchange(ClaimStatus.COLLECTED),
  E32: exchange(ClaimStatus.IN_PROGRESS), E33: exchange(ClaimStatus.IN_PROGRESS), E34: exchange(ClaimStatus.IN_PROGRESS),
  E35: exchange(ClaimStatus.IN_PROGRESS), E36: exchange(ClaimStatus.IN_PROGRESS),
  E40: exchange(ClaimStatus.COMPLETED), E41: exchange(ClaimStatus.REJECTED), E50: exchange(ClaimStatus.REJECTED), E51: exchange(ClaimStatus.REJECTED),
};

const TYPE_BY_LETTER: Readonly<Record<string, ClaimType>> = { C: ClaimType.CANCEL, R: ClaimType.RETURN, E: ClaimType.EXCHANGE };

/** Whether an item's status is a claim's (C, R or E): N01 (교환접수 - 교환상품, the replacement) is not. */
export const isClaimStatus = (code: string | null | undefined): code is string => !!code && code[0] in TYPE_BY_LETTER;

/** The claim a C/R/E code stands for; a code Cafe24 adds later reads as requested (shown, never taken for finished). */
export function cafe24Claim(code: string): Mapping {
  return CAFE24_CLAIM_STATUS[code] ?? [TYPE_BY_LETTER[code[0]], ClaimStatus.REQUESTED];
}

/** What the seller's actions need of a claimed item, kept in the order's marketplaceData (`claimItems`). */
export interface Cafe24ClaimItemRecord {
  orderItemCode: string;
  quantity: number;
  status: string;
}

type ClaimedItem = Pick<Cafe24OrderItem, 'order_status' | 'quantity'> & Partial<Cafe24OrderItem>;

function requestedAt(item: ClaimedItem, type: ClaimType, orderedAt: Date): string {
  const date = type === ClaimType.CANCEL ? item.cancel_request_date ?? item.cancel_date
    : type === ClaimType.RETURN ? item.return_request_date : item.exchange_request_date;
  const at = date ? new Date(date) : orderedAt;
  return (Number.isNaN(at.getTime()) ? orderedAt : at).toISOString();
}

/** The claim of one item (its order_status C, R or E), as Order.claims shows it. */
export function cafe24ItemClaim(item: ClaimedItem, orderedAt: Date): StoredClaim {
  const [type, status] = cafe24Claim(item.order_status);
  const reason = [item.claim_reason_type, item.claim_reason].filter((p): p is string => typeof p === 'string' && p.trim() !== '').join(': ');
  return {
    type, status, marketplaceStatus: item.order_status, reason: reason || null,
    requestedAt: requestedAt(item, type, orderedAt), externalLineId: item.order_item_code ?? String(item.item_no ?? ''),
  };
}

/** Every claimed item of an order: the claims shown, and the records the actions read. */
export function cafe24Claims(items: ClaimedItem[], orderedAt: Date): { claims: StoredClaim[]; records: Cafe24ClaimItemRecord[] } {
  const claimed = items.filter((item) => isClaimStatus(item.order_status));
  return {
    claims: claimed.map((item) => cafe24ItemClaim(item, orderedAt)),
    records: claimed.map((item) => ({ orderItemCode: item.order_item_code ?? '', quantity: Number(item.quantity), status: item.order_status })),
  };
}

/** The records stored on an order (marketplaceData.claimItems), or none. */
export function readCafe24ClaimItems(data: Record<string, unknown> | null | undefined): Cafe24ClaimItemRecord[] {
  const items = data?.claimItems;
  return Array.isArray(items) ? (items as Cafe24ClaimItemRecord[]).filter((r) => r && typeof r.orderItemCode === 'string' && typeof r.status === 'string') : [];
}

/**
 * The order's status with its claims, as for the other marketplaces: an open claim asks the seller; every item
 * cancelled is CANCELLED; a completed return is RETURNED, a completed exchange EXCHANGED; otherwise the status of
 * the items without a claim (or of the claimed ones before their claim) stands.
 */
export function cafe24ClaimedStatus(base: OrderStatus, claims: StoredClaim[], itemCount: number): OrderStatus {
  const open = claimOrderStatus(claims);
  if (open) return open;
  const cancelled = claims.filter((c) => c.type === ClaimType.CANCEL && c.status === ClaimStatus.COMPLETED).length;
  if (itemCount > 0 && cancelled >= itemCount) return OrderStatus.CANCELLED;
  if (claims.some((c) => c.type === ClaimType.RETURN && c.status === ClaimStatus.COMPLETED)) return OrderStatus.RETURNED;
  if (claims.some((c) => c.type === ClaimType.EXCHANGE && c.status === ClaimStatus.COMPLETED)) return OrderStatus.EXCHANGED;
  return base;
}
