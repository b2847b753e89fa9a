// Coupang's claim statuses onto opsgraph's claim model: every documented receiptStatus and exchangeStatus.
import type { CoupangExchangeRequest, CoupangReturnRequest } from '../../../providers/coupang';
import { OrderStatus } from '../../../platform/graphql/enums';
import { ClaimStatus, ClaimType } from '../schema/claims';
import { COUPANG_EXCHANGE_STATUS, COUPANG_RECEIPT_STATUS, exchangeRecord, mergeClaimRecords, receiptRecord } from './coupang-claims';
import { withCoupangClaims } from './coupang';
import type { IncomingOrder } from './store';

const receipt = (over: Partial<CoupangReturnRequest> = {}): CoupangReturnRequest => ({
  receiptId: 50229613, orderId: 28000008707838, receiptType: 'RETURN', receiptStatus: 'RETURNS_UNCHECKED',
  createdAt: '2017-09-02T22:52:42', cancelReasonCategory1: '고객변심', cancelReasonCategory2: '단순변심(사유없음)', cancelReason: '',
  cancelCountSum: 1, releaseStopStatus: '비대상',
  returnItems: [{ vendorItemId: 3187044096, purchaseCount: 1, cancelCount: 1, shipmentBoxId: 434119941 }],
  ...over,
});

const exchange = (over: Partial<CoupangExchangeRequest> = {}): CoupangExchangeRequest => ({
  exchangeId: 100000170, orderId: 28000008707838, exchangeStatus: 'RECEIPT', reasonCodeText: '사이즈 변경', reason: '한 치수 크게',
  createdAt: '2017-09-02T10:00:00', exchangeItemDtoV1s: [{ orderItemId: 3187044096, quantity: 2, originalShipmentBoxId: 434119941 }],
  ...over,
});

test('every documented receiptStatus', () => {
  expect(COUPANG_RECEIPT_STATUS).toEqual({
    RELEASE_STOP_UNCHECKED: ClaimStatus.REQUESTED,
    RETURNS_UNCHECKED: ClaimStatus.REQUESTED,
    VENDOR_WAREHOUSE_CONFIRM: ClaimStatus.COLLECTED,
    REQUEST_COUPANG_CHECK: ClaimStatus.IN_PROGRESS,
    RETURNS_COMPLETED: ClaimStatus.COMPLETED,
  });
  for (const [status, expected] of Object.entries(COUPANG_RECEIPT_STATUS)) {
    expect(receiptRecord(receipt({ receiptStatus: status })).claim.status).toBe(expected);
  }
});

test('every documented exchangeStatus', () => {
  expect(COUPANG_EXCHANGE_STATUS).toEqual({
    RECEIPT: ClaimStatus.REQUESTED, PROGRESS: ClaimStatus.IN_PROGRESS, SUCCESS: ClaimStatus.COMPLETED,
    REJECT: ClaimStatus.REJECTED, CANCEL: ClaimStatus.REJECTED,
  });
  for (const [status, expected] of Object.entries(COUPANG_EXCHANGE_STATUS)) {
    expect(exchangeRecord(exchange({ exchangeStatus: status })).claim).toMatchObject({ type: ClaimType.EXCHANGE, status: expected, marketplaceStatus: status });
  }
});

test('a receipt is a cancellation when listed as CANCEL or filed as 출고중지요청, even once stopped', () => {
  expect(receiptRecord(receipt()).claim.type).toBe(ClaimType.RETURN);
  expect(receiptRecord(receipt({ receiptStatus: 'RELEASE_STOP_UNCHECKED', releaseStopStatus: '미처리' })).claim.type).toBe(ClaimType.CANCEL);
  expect(receiptRecord(receipt({ receiptStatus: 'RETURNS_COMPLETED', releaseStopStatus: '처리(출고중지)' })).claim.type).toBe(ClaimType.CANCEL);
  expect(receiptRecord(receipt({ receiptType: 'CANCEL', receiptStatus: 'SOMETHING_NEW' })).claim).toMatchObject({ type: ClaimType.CANCEL, status: ClaimStatus.COMPLETED });
  // An unknown status of a return reads as requested: shown, never taken for finished.
  expect(receiptRecord(receipt({ receiptStatus: 'SOMETHING_NEW' })).claim.status).toBe(ClaimStatus.REQUESTED);
});

test("a receipt's reason, date (Korean time), line and the count the actions repeat", () => {
  expect(receiptRecord(receipt({ cancelReason: '맘에 안 들어요' }))).toEqual({
    kind: 'receipt', id: 50229613, cancelCount: 1,
    claim: {
      type: ClaimType.RETURN, status: ClaimStatus.REQUESTED, marketplaceStatus: 'RETURNS_UNCHECKED',
      reason: '고객변심: 단순변심(사유없음): 맘에 안 들어요', requestedAt: '2017-09-02T13:52:42.000Z', externalLineId: '3187044096',
    },
  });
  expect(exchangeRecord(exchange())).toMatchObject({ kind: 'exchange', id: 100000170, cancelCount: 2, claim: { reason: '사이즈 변경: 한 치수 크게', externalLineId: '3187044096' } });
});

test('the order status: an open claim asks the seller, a completed return is RETURNED, stored claims are kept', () => {
  const order: IncomingOrder = {
    externalId: '1', status: OrderStatus.DELIVERED, marketplaceStatus: 'FINAL_DELIVERY', orderedAt: new Date(), buyerName: '',
    totalAmount: 0, currency: 'KRW', items: [], trackingRefs: [], marketplaceData: { shipmentBoxIds: [1] },
  };
  const open = receiptRecord(receipt());
  expect(withCoupangClaims(order, [open])).toMatchObject({ status: OrderStatus.RETURN_REQUESTED, claims: [open.claim], marketplaceData: { shipmentBoxIds: [1], claims: [open] } });
  const done = receiptRecord(receipt({ receiptStatus: 'RETURNS_COMPLETED' }));
  expect(withCoupangClaims(order, [done]).status).toBe(OrderStatus.RETURNED);
  expect(withCoupangClaims({ ...order, status: OrderStatus.CANCELLED }, [done]).status).toBe(OrderStatus.CANCELLED);
  expect(withCoupangClaims(order, [])).toBe(order);
  const other = exchangeRecord(exchange());
  expect(mergeClaimRecords([open, other], [done]).map((r) => [r.kind, r.claim.marketplaceStatus])).toEqual([['exchange', 'RECEIPT'], ['receipt', 'RETURNS_COMPLETED']]);
});
