import type { NaverDelivery, NaverProductOrder, NaverProductOrderDetail } from '../../../providers/naver';
import { Carrier, OrderStatus } from '../../../platform/graphql/enums';
import { actionableProductOrderIds, naverOrder, naverOrders, naverStatus } from './naver-mapping';

const ORDER = {
  orderId: '2024011510000001',
  orderDate: '2024-01-15T10:02:03.000+09:00',
  ordererName: '김지우',
  paymentDate: '2024-01-15T10:05:00.000+09:00',
  paymentMeans: '신용카드',
  generalPaymentAmount: 79_800,
};

function line(id: string, fields: Partial<NaverProductOrder> = {}, delivery?: Partial<NaverDelivery>, order: Partial<typeof ORDER> = {}): NaverProductOrderDetail {
  return {
    order: { ...ORDER, ...order },
    productOrder: {
      productOrderId: id, productOrderStatus: 'PAYED', placeOrderStatus: 'NOT_YET', productId: '8123450011',
      productName: '무선 블루투스 이어폰', productOption: '색상: 블랙', optionCode: '812345001101', quantity: 2, unitPrice: 39_900,
      totalPaymentAmount: 79_800, ...fields,
    },
    ...(delivery
      ? { delivery: { deliveryCompany: 'CJGLS', deliveryMethod: 'DELIVERY', trackingNumber: '612345678901', sendDate: null, deliveredDate: null, ...delivery } }
      : {}),
  };
}

describe('naverStatus', () => {
  test.each([
    ['PAYMENT_WAITING', OrderStatus.PENDING_PAYMENT],
    ['PAYED', OrderStatus.PAID],
    ['DELIVERING', OrderStatus.SHIPPING],
    ['DELIVERED', OrderStatus.DELIVERED],
    ['PURCHASE_DECIDED', OrderStatus.PURCHASE_CONFIRMED],
    ['EXCHANGED', OrderStatus.EXCHANGED],
    ['CANCELED', OrderStatus.CANCELLED],
    ['RETURNED', OrderStatus.RETURNED],
    ['CANCELED_BY_NOPAYMENT', OrderStatus.CANCELLED],
  ])('maps Naver %s to %s', (naver, expected) => {
    expect(naverStatus(naver, 'NOT_YET')).toBe(expected);
  });

  test('a paid product order the seller confirmed (placeOrderStatus OK) is PREPARING', () => {
    expect(naverStatus('PAYED', 'OK')).toBe(OrderStatus.PREPARING);
    expect(naverStatus('DELIVERING', 'OK')).toBe(OrderStatus.SHIPPING);
  });
});

describe('naverOrder', () => {
  test('groups product orders of one orderId into one order with every line as an item', () => {
    const orders = naverOrders([
      line('2024011510000003', { productId: '8123450013', productName: '텀블러', productOption: null, optionCode: null, quantity: 1, unitPrice: 15_800, totalPaymentAmount: 15_800 }),
      line('2024011510000002'),
      line('2024011510000005', {}, undefined, { orderId: '2024011510000004' }),
    ]);
    expect(orders).toHaveLength(2);
    const first = orders.find((o) => o.externalId === ORDER.orderId)!;
    expect(first.items).toEqual([
      { sku: '812345001101', name: '무선 블루투스 이어폰 (색상: 블랙)', quantity: 2, unitPrice: 39_900 },
      { sku: '8123450013', name: '텀블러', quantity: 1, unitPrice: 15_800 },
    ]);
    expect(first.totalAmount).toBe(79_800 + 15_800);
    expect(first.marketplaceData).toMatchObject({ productOrderIds: ['2024011510000002', '2024011510000003'] });
    expect(first).toMatchObject({ buyerName: '김지우', currency: 'KRW', orderedAt: new Date('2024-01-15T01:02:03.000Z') });
  });

  test('is the same whatever order the product orders come in, so a re-sync changes nothing', () => {
    const a = line('2024011510000002');
    const b = line('2024011510000003', { productOrderStatus: 'DELIVERING' }, {});
    expect(naverOrder([a, b])).toEqual(naverOrder([b, a]));
  });

  test('takes the status of the least advanced open line and keeps its Naver status', () => {
    const order = naverOrder([line('1', { productOrderStatus: 'DELIVERED' }, {}), line('2', { placeOrderStatus: 'OK' }), line('3', { productOrderStatus: 'CANCELED' })]);
    expect(order.status).toBe(OrderStatus.PREPARING);
    expect(order.marketplaceStatus).toBe('PAYED');
  });

  test('an order whose every line is closed is RETURNED if one was returned, else CANCELLED', () => {
    expect(naverOrder([line('1', { productOrderStatus: 'CANCELED' }), line('2', { productOrderStatus: 'RETURNED' })]).status).toBe(OrderStatus.RETURNED);
    expect(naverOrder([line('1', { productOrderStatus: 'CANCELED' })]).status).toBe(OrderStatus.CANCELLED);
  });

  test('turns Naver delivery companies into carriers, one ref per parcel, skipping invoice numbers Naver flags as wrong', () => {
    const order = naverOrder([
      line('1', { productOrderStatus: 'DELIVERING' }, { deliveryCompany: 'HYUNDAI', trackingNumber: '212345678901' }),
      line('2', { productOrderStatus: 'DELIVERING' }, { deliveryCompany: 'HYUNDAI', trackingNumber: '212345678901' }),
      line('3', { productOrderStatus: 'DELIVERING' }, { deliveryCompany: 'KGB', trackingNumber: '31234567890' }),
      line('4', { productOrderStatus: 'DELIVERING' }, { deliveryCompany: 'CJGLS', trackingNumber: '699999999999', isWrongTrackingNumber: true }),
      line('5', {}),
    ]);
    expect(order.trackingRefs).toEqual([
      { carrier: Carrier.LOTTE, trackingNumber: '212345678901' },
      { carrier: Carrier.LOGEN, trackingNumber: '31234567890' },
    ]);
  });
});

describe('payment taken by Naver Pay', () => {
  test('is PAID with the sum of the lines, the payment date and means', () => {
    const order = naverOrder([line('1'), line('2', { totalPaymentAmount: 15_800 })]);
    expect(order.payment).toEqual({ status: 'PAID', amount: 95_600, currency: 'KRW', paidAt: '2024-01-15T01:05:00.000Z', method: '신용카드' });
  });

  test('counts a points payment by the lines, since generalPaymentAmount is 0 then', () => {
    const order = naverOrder([line('1', {}, undefined, { paymentMeans: '네이버페이 포인트', generalPaymentAmount: 0 })]);
    expect(order.payment).toMatchObject({ status: 'PAID', amount: 79_800, method: '네이버페이 포인트' });
  });

  test('is null while unpaid or cancelled for non-payment', () => {
    expect(naverOrder([line('1', { productOrderStatus: 'PAYMENT_WAITING' }, undefined, { paymentDate: null as never })]).payment).toBeNull();
    expect(naverOrder([line('1', { productOrderStatus: 'CANCELED_BY_NOPAYMENT' }, undefined, { paymentDate: null as never })]).payment).toBeNull();
  });

  test('is CANCELLED when every paid line was cancelled or returned, PARTIALLY_CANCELLED when some were', () => {
    expect(naverOrder([line('1', { productOrderStatus: 'CANCELED' })]).payment?.status).toBe('CANCELLED');
    expect(naverOrder([line('1', { productOrderStatus: 'RETURNED' }), line('2')]).payment?.status).toBe('PARTIALLY_CANCELLED');
  });
});

describe('actionableProductOrderIds', () => {
  test('leaves out closed lines, and sends every line when none is open so Naver says why', () => {
    const open = naverOrder([line('1'), line('2', { productOrderStatus: 'CANCELED' })]).marketplaceData!;
    expect(actionableProductOrderIds(open)).toEqual(['1']);
    const closed = naverOrder([line('1', { productOrderStatus: 'CANCELED' })]).marketplaceData!;
    expect(actionableProductOrderIds(closed)).toEqual(['1']);
    expect(actionableProductOrderIds({})).toEqual([]);
  });
});
