import { NAVER_CLAIM_STATUSES, type NaverClaimStatus, type NaverProductOrderDetail } from '../../../providers/naver';
import { OrderStatus } from '../../../platform/graphql/enums';
import { ClaimStatus, ClaimType } from '../schema/claims';
import { NAVER_CLAIM_STATUS, claimOrderStatus, naverClaim } from './naver-claims';
import { naverOrder } from './naver-mapping';

const ORDER = { orderId: '2024011510000001', orderDate: '2024-01-15T10:02:03.000+09:00', ordererName: '김지우', paymentDate: '2024-01-15T10:05:00.000+09:00', paymentMeans: '신용카드', generalPaymentAmount: 79_800 };

function line(id: string, productOrder: Partial<NaverProductOrderDetail['productOrder']> = {}, parts: Partial<NaverProductOrderDetail> = {}): NaverProductOrderDetail {
  return {
    order: ORDER,
    productOrder: {
      productOrderId: id, productOrderStatus: 'PAYED', placeOrderStatus: 'OK', productId: '8123450011', productName: '무선 블루투스 이어폰',
      quantity: 2, unitPrice: 39_900, totalPaymentAmount: 79_800, ...productOrder,
    },
    ...parts,
  };
}

describe('Naver claim statuses', () => {
  const expected: Record<NaverClaimStatus, ClaimStatus | null> = {
    CANCEL_REQUEST: ClaimStatus.REQUESTED, CANCELING: ClaimStatus.IN_PROGRESS, CANCEL_DONE: ClaimStatus.COMPLETED,
    CANCEL_REJECT: ClaimStatus.REJECTED, RETURN_REQUEST: ClaimStatus.REQUESTED, EXCHANGE_REQUEST: ClaimStatus.REQUESTED,
    COLLECTING: ClaimStatus.COLLECTING, COLLECT_DONE: ClaimStatus.COLLECTED, EXCHANGE_REDELIVERING: ClaimStatus.IN_PROGRESS,
    RETURN_DONE: ClaimStatus.COMPLETED, EXCHANGE_DONE: ClaimStatus.COMPLETED, RETURN_REJECT: ClaimStatus.REJECTED,
    EXCHANGE_REJECT: ClaimStatus.REJECTED, PURCHASE_DECISION_HOLDBACK: null, PURCHASE_DECISION_REQUEST: null,
    PURCHASE_DECISION_HOLDBACK_RELEASE: null, ADMIN_CANCELING: ClaimStatus.IN_PROGRESS, ADMIN_CANCEL_DONE: ClaimStatus.COMPLETED,
    ADMIN_CANCEL_REJECT: ClaimStatus.REJECTED,
  };

  test('the table covers every documented claimStatus', () => {
    expect(Object.keys(NAVER_CLAIM_STATUS).sort()).toEqual([...NAVER_CLAIM_STATUSES].sort());
    expect(NAVER_CLAIM_STATUSES).toHaveLength(19);
  });

  test.each(NAVER_CLAIM_STATUSES.map((status) => [status, expected[status]] as const))('maps Naver %s to %s', (status, claimStatus) => {
    const type = status.startsWith('RETURN') ? 'RETURN' : status.startsWith('EXCHANGE') ? 'EXCHANGE' : status.startsWith('ADMIN') ? 'ADMIN_CANCEL' : status.startsWith('PURCHASE') ? 'PURCHASE_DECISION_HOLDBACK' : 'CANCEL';
    const claim = naverClaim(line('1', { claimType: type, claimStatus: status }));
    expect(claim?.status ?? null).toBe(claimStatus);
    if (claim) expect(claim.marketplaceStatus).toBe(status);
  });

  test.each([
    ['CANCEL', ClaimType.CANCEL], ['ADMIN_CANCEL', ClaimType.CANCEL], ['RETURN', ClaimType.RETURN], ['EXCHANGE', ClaimType.EXCHANGE],
  ] as const)('maps claimType %s to %s', (naver, type) => {
    expect(naverClaim(line('1', { claimType: naver, claimStatus: 'COLLECTING' }))?.type).toBe(type);
  });

  test('reads the reason and the request date from currentClaim, falling back to the top-level part', () => {
    const current = naverClaim(line('1', { claimType: 'RETURN', claimStatus: 'RETURN_REQUEST' }, {
      currentClaim: { return: { claimRequestDate: '2024-01-20T09:00:00.000+09:00', returnReason: 'BROKEN', returnDetailedReason: '깨져서 왔어요' } },
      return: { claimRequestDate: '2024-01-19T09:00:00.000+09:00', returnReason: 'WRONG_DELIVERY' },
    }));
    expect(current).toEqual({
      type: ClaimType.RETURN, status: ClaimStatus.REQUESTED, marketplaceStatus: 'RETURN_REQUEST', reason: 'BROKEN: 깨져서 왔어요',
      requestedAt: '2024-01-20T00:00:00.000Z', externalLineId: '1',
    });
    const legacy = naverClaim(line('1', { claimType: 'CANCEL', claimStatus: 'CANCEL_REQUEST' }, { cancel: { claimRequestDate: '2024-01-19T09:00:00.000+09:00', cancelReason: 'SOLD_OUT' } }));
    expect(legacy).toMatchObject({ reason: 'SOLD_OUT', requestedAt: '2024-01-19T00:00:00.000Z' });
  });

  test('an open claim sets the order status, cancellations first; finished or withdrawn ones do not', () => {
    const claim = (type: ClaimType, status: ClaimStatus) => ({ type, status, marketplaceStatus: '', reason: null, requestedAt: '', externalLineId: '1' });
    expect(claimOrderStatus([claim(ClaimType.RETURN, ClaimStatus.COLLECTED), claim(ClaimType.CANCEL, ClaimStatus.REQUESTED)])).toBe(OrderStatus.CANCEL_REQUESTED);
    expect(claimOrderStatus([claim(ClaimType.RETURN, ClaimStatus.COLLECTING)])).toBe(OrderStatus.RETURN_REQUESTED);
    expect(claimOrderStatus([claim(ClaimType.EXCHANGE, ClaimStatus.IN_PROGRESS)])).toBe(OrderStatus.EXCHANGE_REQUESTED);
    expect(claimOrderStatus([claim(ClaimType.CANCEL, ClaimStatus.REJECTED), claim(ClaimType.RETURN, ClaimStatus.COMPLETED)])).toBeNull();
  });
});

describe('Naver orders with claims', () => {
  test('an order with a cancellation request is CANCEL_REQUESTED and lists the claim', () => {
    const order = naverOrder([line('1', { claimType: 'CANCEL', claimStatus: 'CANCEL_REQUEST' }), line('2')]);
    expect(order.status).toBe(OrderStatus.CANCEL_REQUESTED);
    expect(order.claims).toEqual([expect.objectContaining({ type: ClaimType.CANCEL, status: ClaimStatus.REQUESTED, externalLineId: '1' })]);
  });

  test('totals and quantities are what remains after claims, not what was ordered', () => {
    const order = naverOrder([
      line('1', { productOrderStatus: 'CANCELED', claimType: 'CANCEL', claimStatus: 'CANCEL_DONE', remainQuantity: 0, remainPaymentAmount: 0, initialPaymentAmount: 79_800 }),
      line('2', { quantity: 3, remainQuantity: 1, totalPaymentAmount: 45_000, remainPaymentAmount: 15_000, unitPrice: 15_000 }),
    ]);
    expect(order.totalAmount).toBe(15_000);
    expect(order.items.map((item) => item.quantity)).toEqual([0, 1]);
    expect(order.status).toBe(OrderStatus.PREPARING);
    expect(order.claims!.map((c) => c.status)).toEqual([ClaimStatus.COMPLETED]);
    // The payment is what Naver Pay took: the initial amounts.
    expect(order.payment).toMatchObject({ status: 'PARTIALLY_CANCELLED', amount: 79_800 + 45_000 });
  });

  test('lines without remain* fields (no claims) count as ordered', () => {
    expect(naverOrder([line('1')]).totalAmount).toBe(79_800);
  });

  test('says the receiver address changed when the change feed flagged one of its lines', () => {
    expect(naverOrder([line('1'), line('2')], new Set(['2'])).receiverAddressChanged).toBe(true);
    expect(naverOrder([line('1')]).receiverAddressChanged).toBe(false);
  });
});
