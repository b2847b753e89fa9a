// Naver Commerce API, providers/naver/README.md (Claims): buyers' cancellations, returns and exchanges, and the
// seller's answers — 취소 요청 승인, 반품 승인, 반품 거부 — each for one product order, answering per product order.
import { parseJsonObject, type Reply, type SandboxRequest } from '../http';
import type { SandboxState } from '../state';
import { naverState, type NaverClaim, type NaverProductOrder } from './store';
import { failure, type Failure } from './failures';
import { naverData } from './wire';

const CANCEL_REASONS = ['INTENT_CHANGED', 'WRONG_ORDER', 'SOLD_OUT', 'DELAYED_DELIVERY'];
const RETURN_REASONS = ['SIMPLE_INTENT_CHANGED', 'BROKEN', 'WRONG_DELIVERY', 'COLOR_AND_SIZE'];
const DETAILED = { CANCEL: '구매 의사가 없어졌습니다.', RETURN: '상품이 생각과 달라 반품합니다.', EXCHANGE: '사이즈를 바꾸고 싶습니다.' };

function touch(po: NaverProductOrder, type: string, at: number): void {
  po.lastChangedType = type;
  po.lastChangedDate = at;
}

function open(state: SandboxState, po: NaverProductOrder, type: NaverClaim['type'], status: string, reasons: string[], at: number): void {
  const naver = naverState(state);
  po.claim = {
    claimId: String(naver.nextNumber++), type, status, reason: reasons[Math.floor(state.random() * reasons.length)],
    detailedReason: DETAILED[type], requestDate: at, completedDate: null,
  };
  touch(po, 'CLAIM_REQUESTED', at);
}

/** Naver cancels at once what the seller has not confirmed yet; after 발주확인 the seller must approve. */
function cancelDone(po: NaverProductOrder, at: number): void {
  po.status = 'CANCELED';
  po.remainQuantity = 0;
  po.claim!.status = 'CANCEL_DONE';
  po.claim!.completedDate = at;
  touch(po, 'CLAIM_COMPLETED', at);
}

/** Most recently changed first, so what a test just made is what it claims. */
function newest(state: SandboxState, count: number, eligible: (po: NaverProductOrder) => boolean): NaverProductOrder[] {
  return [...naverState(state).productOrders.values()]
    .filter((po) => !po.claim && eligible(po))
    .sort((a, b) => b.lastChangedDate - a.lastChangedDate || b.productOrderId.localeCompare(a.productOrderId))
    .slice(0, count);
}

/** `kind: cancel_request`: buyers of paid product orders ask to cancel. */
export function requestCancellations(state: SandboxState, count: number): string[] {
  const now = state.clock.now();
  return newest(state, count, (po) => po.status === 'PAYED').map((po) => {
    open(state, po, 'CANCEL', 'CANCEL_REQUEST', CANCEL_REASONS, now);
    if (po.placeOrderStatus !== 'OK') cancelDone(po, now);
    return po.productOrderId;
  });
}

/** `kind: return_request`: buyers of delivered product orders ask to return; `status_change` then collects. */
export function requestReturns(state: SandboxState, count: number): string[] {
  const now = state.clock.now();
  return newest(state, count, (po) => po.status === 'DELIVERED').map((po) => {
    open(state, po, 'RETURN', 'RETURN_REQUEST', RETURN_REASONS, now);
    return po.productOrderId;
  });
}

/** `kind: exchange_request`: buyers of delivered product orders ask for another size or colour. */
export function requestExchanges(state: SandboxState, count: number): string[] {
  const now = state.clock.now();
  return newest(state, count, (po) => po.status === 'DELIVERED').map((po) => {
    open(state, po, 'EXCHANGE', 'EXCHANGE_REQUEST', ['COLOR_AND_SIZE'], now);
    return po.productOrderId;
  });
}

/** `kind: address_change`: buyers of paid product orders change where it ships (DELIVERY_ADDRESS_CHANGED). */
export function changeAddresses(state: SandboxState, count: number): string[] {
  const now = state.clock.now();
  return newest(state, count, (po) => po.status === 'PAYED').map((po) => {
    po.receiver = { ...po.receiver, baseAddress: '서울특별시 강남구 테헤란로 152', detailedAddress: '7층', zipCode: '06236' };
    po.receiverAddressChanged = true;
    touch(po, 'DELIVERY_ADDRESS_CHANGED', now);
    return po.productOrderId;
  });
}

/** A return or exchange the carrier collects: requested, collecting, collected. False when it has nowhere to go. */
export function advanceClaim(po: NaverProductOrder, at: number): boolean {
  const claim = po.claim;
  if (!claim || claim.type === 'CANCEL') return false;
  if (claim.status === 'RETURN_REQUEST' || claim.status === 'EXCHANGE_REQUEST') claim.status = 'COLLECTING';
  else if (claim.status === 'COLLECTING') {
    claim.status = 'COLLECT_DONE';
    touch(po, 'COLLECT_DONE', at);
    return true;
  } else return false;
  touch(po, 'CLAIM_REQUESTED', at);
  return true;
}

type Decide = (po: NaverProductOrder, at: number, body: Record<string, unknown> | undefined) => Failure | null;

/** One product order per call, in the path; the answer is per product order as for the other changes. */
function claimRoute(decide: Decide) {
  return (state: SandboxState, req: SandboxRequest): Reply => {
    const id = req.params.productOrderId ?? '';
    const po = naverState(state).productOrders.get(id);
    const refused = po ? decide(po, state.clock.now(), parseJsonObject(req.body)) : failure(id, 'NOT_FOUND');
    return naverData(state, { successProductOrderIds: refused ? [] : [id], failProductOrderInfos: refused ? [refused] : [] });
  };
}

/** 취소 요청 승인: CANCEL_REQUEST → CANCEL_DONE, nothing left to ship or settle. */
export const approveCancellation = claimRoute((po, at) => {
  if (po.claim?.type !== 'CANCEL' || po.claim.status !== 'CANCEL_REQUEST') return failure(po.productOrderId, 'NO_CLAIM');
  cancelDone(po, at);
  return null;
});

/** 반품 승인: a collected return (COLLECT_DONE) is done and refunded. */
export const approveReturn = claimRoute((po, at) => {
  if (po.claim?.type !== 'RETURN' || po.claim.status !== 'COLLECT_DONE') return failure(po.productOrderId, 'NO_CLAIM');
  po.status = 'RETURNED';
  po.remainQuantity = 0;
  po.claim.status = 'RETURN_DONE';
  po.claim.completedDate = at;
  touch(po, 'CLAIM_COMPLETED', at);
  return null;
});

/** 반품 거부(철회): the seller keeps the sale and must say why (rejectReturnReason). */
export const rejectReturn = claimRoute((po, at, body) => {
  const reason = typeof body?.rejectReturnReason === 'string' ? body.rejectReturnReason.trim() : '';
  if (!reason) return failure(po.productOrderId, 'BAD_INPUT', 'rejectReturnReason');
  if (po.claim?.type !== 'RETURN' || !['RETURN_REQUEST', 'COLLECTING', 'COLLECT_DONE'].includes(po.claim.status)) {
    return failure(po.productOrderId, 'NO_CLAIM');
  }
  po.claim.status = 'RETURN_REJECT';
  po.claim.completedDate = at;
  touch(po, 'CLAIM_REJECTED', at);
  return null;
});
