import type { CoupangOrderItem, CoupangOrderSheet, CoupangOrderSheetStatus } from '../../../providers/coupang';
import { Carrier, OrderStatus } from '../../../platform/graphql/enums';
import { coupangCarrier, coupangOrder, coupangOrders, coupangTime, readCoupangData } from './coupang-mapping';

function item(overrides: Partial<CoupangOrderItem> = {}): CoupangOrderItem {
  return {
    vendorItemId: 3242596358, vendorItemName: '국산 햇 고춧가루 1kg, 1kg', sellerProductName: '국산 햇 고춧가루 1kg',
    shippingCount: 1, salesPrice: 19_900, orderPrice: 19_900, externalVendorSkuCode: 'SKU-3242596358',
    cancelCount: 0, holdCountForCancel: 0, canceled: false, ...overrides,
  };
}

function box(overrides: Partial<CoupangOrderSheet> = {}): CoupangOrderSheet {
  return {
    shipmentBoxId: 448531493, orderId: 22000009546234, orderedAt: '2017-10-10T10:20:16', paidAt: '2017-10-10T10:20:30',
    status: 'ACCEPT', orderer: { name: '신*희' }, receiver: { name: '신*희', addr1: '경기 오산시' }, shippingPrice: 2500,
    orderItems: [item()], deliveryCompanyName: '', invoiceNumber: '', ...overrides,
  };
}

describe('Coupang status mapping', () => {
  test.each<[CoupangOrderSheetStatus, OrderStatus]>([
    ['ACCEPT', OrderStatus.PAID],
    ['INSTRUCT', OrderStatus.PREPARING],
    ['DEPARTURE', OrderStatus.SHIPPING],
    ['DELIVERING', OrderStatus.SHIPPING],
    ['FINAL_DELIVERY', OrderStatus.DELIVERED],
    ['NONE_TRACKING', OrderStatus.SHIPPING],
  ])('maps a %s box to %s and keeps the Coupang status', (status, expected) => {
    const order = coupangOrder([box({ status })]);
    expect(order.status).toBe(expected);
    expect(order.marketplaceStatus).toBe(status);
  });

  test('maps a box whose every item Coupang cancelled to CANCELLED, with a cancelled payment', () => {
    const order = coupangOrder([box({ orderItems: [item({ canceled: true, shippingCount: 0, cancelCount: 1 })] })]);
    expect(order.status).toBe(OrderStatus.CANCELLED);
    expect(order.marketplaceStatus).toBe('CANCELED');
    expect(order.payment?.status).toBe('CANCELLED');
    expect(order.items[0].quantity).toBe(1);
  });

  test('an order is as far along as its slowest live box, ignoring cancelled boxes', () => {
    const canceled = box({ shipmentBoxId: 3, status: 'ACCEPT', orderItems: [item({ vendorItemId: 9, canceled: true, shippingCount: 0, cancelCount: 1 })] });
    const order = coupangOrder([box({ shipmentBoxId: 2, status: 'DELIVERING' }), box({ shipmentBoxId: 1, status: 'INSTRUCT' }), canceled]);
    expect(order.status).toBe(OrderStatus.PREPARING);
    expect(order.marketplaceStatus).toBe('INSTRUCT,DELIVERING,CANCELED');
    expect(order.payment?.status).toBe('PARTIALLY_CANCELLED');
  });
});

describe('Coupang grouping', () => {
  test('groups the boxes of one orderId into one order, its ids kept for confirm and dispatch', () => {
    const orders = coupangOrders([
      box({ shipmentBoxId: 11, orderId: 100, orderItems: [item({ vendorItemId: 1, shippingCount: 2, orderPrice: 39_800 })], shippingPrice: 0 }),
      box({ shipmentBoxId: 20, orderId: 200 }),
      box({ shipmentBoxId: 12, orderId: 100, orderItems: [item({ vendorItemId: 1, orderPrice: 19_900 }), item({ vendorItemId: 2, salesPrice: 9_900, orderPrice: 9_900, externalVendorSkuCode: null })], shippingPrice: 2500 }),
    ]);
    expect(orders.map((o) => o.externalId)).toEqual(['100', '200']);
    const [grouped] = orders;
    expect(grouped.items).toEqual([
      { sku: 'SKU-3242596358', name: '국산 햇 고춧가루 1kg, 1kg', quantity: 3, unitPrice: 19_900 },
      { sku: '2', name: '국산 햇 고춧가루 1kg, 1kg', quantity: 1, unitPrice: 9_900 },
    ]);
    expect(grouped.totalAmount).toBe(39_800 + 19_900 + 9_900 + 2500);
    expect(grouped.marketplaceData).toEqual({
      shipmentBoxIds: [11, 12], vendorItemIds: [1, 2],
      boxes: [{ shipmentBoxId: 11, vendorItemIds: [1] }, { shipmentBoxId: 12, vendorItemIds: [1, 2] }],
    });
    expect(readCoupangData(grouped.marketplaceData)).toEqual(grouped.marketplaceData);
  });

  test('gives the same order whatever order the boxes arrive in', () => {
    const a = box({ shipmentBoxId: 1, status: 'INSTRUCT' });
    const b = box({ shipmentBoxId: 2, status: 'DEPARTURE', orderItems: [item({ vendorItemId: 7 })] });
    expect(coupangOrder([b, a])).toEqual(coupangOrder([a, b]));
  });

  test('reads Korean wall-clock times, buyer and amounts as integer KRW', () => {
    const order = coupangOrder([box()]);
    expect(order.orderedAt.toISOString()).toBe('2017-10-10T01:20:16.000Z');
    expect(order.buyerName).toBe('신*희');
    expect(order.totalAmount).toBe(19_900 + 2500);
    expect(order.currency).toBe('KRW');
    expect(coupangTime('2017-10-17 17:17:52').toISOString()).toBe('2017-10-17T08:17:52.000Z');
  });
});

describe('Coupang carriers and payment', () => {
  test.each([
    ['CJ 대한통운', Carrier.CJ], ['한진택배', Carrier.HANJIN], ['롯데택배', Carrier.LOTTE], ['로젠택배', Carrier.LOGEN],
    ['우체국', Carrier.EPOST], ['HYUNDAI', Carrier.LOTTE], ['KGB', Carrier.LOGEN], ['CJGLS', Carrier.CJ],
  ])('reads carrier %s as %s', (name, carrier) => {
    expect(coupangCarrier(name)).toBe(carrier);
  });

  test('tracks a shipped box by carrier and invoice number, and an unshipped one not at all', () => {
    expect(coupangOrder([box({ status: 'DEPARTURE', deliveryCompanyName: 'CJ 대한통운', invoiceNumber: '340010913442' })]).trackingRefs)
      .toEqual([{ carrier: Carrier.CJ, trackingNumber: '340010913442' }]);
    expect(coupangOrder([box()]).trackingRefs).toEqual([]);
    expect(coupangOrder([box({ deliveryCompanyName: '알 수 없는 택배', invoiceNumber: '1234567' })]).trackingRefs).toEqual([]);
  });

  test('records the payment Coupang took: paid at, the amount paid, KRW', () => {
    expect(coupangOrder([box()]).payment).toEqual({
      status: 'PAID', amount: 22_400, currency: 'KRW', paidAt: '2017-10-10T01:20:30.000Z', method: null,
    });
  });

  test('reads no Coupang data from a row that holds none', () => {
    expect(readCoupangData({})).toBeNull();
    expect(readCoupangData({ boxes: [{ shipmentBoxId: '1', vendorItemIds: [] }] })).toBeNull();
  });
});
