import type { ElevenstOrder } from '../../../providers/elevenst';
import { Carrier, OrderStatus } from '../../../platform/graphql/enums';
import {
  ELEVENST_STATES, ELEVENST_STATUS, elevenstIncoming, elevenstStoredLines, groupElevenstLines, mergeElevenstLines,
} from './elevenst-mapping';

function line(overrides: Partial<ElevenstOrder> = {}): ElevenstOrder {
  return {
    state: 'complete', ordNo: '20260612076034242', ordPrdSeq: '1', dlvNo: '3001123456',
    ordDt: '2026-06-12 10:01:02', ordStlEndDt: '2026-06-12 10:01:30',
    prdNo: '1234567890', prdNm: '무선 이어폰', slctPrdOptNm: '색상:블랙', ordQty: 2, selPrc: 19_900, ordAmt: 39_800,
    ordPayAmt: 39_800, dlvCst: 2_500, dlvCstType: '01', rcvrNm: '홍길동', ordNm: '김민준', memID: 'buyer***',
    addPrdYn: 'N', addPrdNo: '0', sellerPrdCd: 'EAR-BT', raw: {},
    ...overrides,
  };
}

const giftWrap = (overrides: Partial<ElevenstOrder> = {}) =>
  line({ ordPrdSeq: '2', prdNm: '선물 포장', slctPrdOptNm: '', ordQty: 1, selPrc: 2_000, ordAmt: 2_000, ordPayAmt: 2_000, dlvCst: 0, addPrdYn: 'Y', addPrdNo: '7000000011', sellerPrdCd: 'GIFT-WRAP', ...overrides });

function incomingOf(lines: ElevenstOrder[]) {
  const [group] = groupElevenstLines(lines).values();
  return elevenstIncoming(group.header, group.lines);
}

describe('11st status mapping', () => {
  test.each([
    ['complete', OrderStatus.PAID],
    ['packaging', OrderStatus.PREPARING],
    ['shipping', OrderStatus.SHIPPING],
    ['dlvcompleted', OrderStatus.DELIVERED],
  ] as const)('maps the %s query to %s and keeps the 11st state', (state, status) => {
    const order = incomingOf([line({ state })]);
    expect(order.status).toBe(status);
    expect(order.marketplaceStatus).toBe(state);
  });

  test('covers every order query 11st documents', () => {
    expect(Object.keys(ELEVENST_STATUS).sort()).toEqual([...ELEVENST_STATES].sort());
  });

  test('an order is as far along as its least advanced line', () => {
    expect(incomingOf([line({ state: 'packaging' }), giftWrap({ state: 'complete' })]).status).toBe(OrderStatus.PAID);
  });
});

describe('11st lines into one Order', () => {
  test('groups the product lines of one ordNo into the items of one order', () => {
    const groups = groupElevenstLines([line(), giftWrap(), line({ ordNo: '20260612076034999', dlvNo: '3002000000' })]);
    expect([...groups.keys()]).toEqual(['20260612076034242', '20260612076034999']);
    const order = incomingOf([giftWrap(), line()]);
    expect(order.externalId).toBe('20260612076034242');
    expect(order.buyerName).toBe('김민준');
    expect(order.orderedAt.toISOString()).toBe('2026-06-12T01:01:02.000Z');
    expect(order.items).toEqual([
      { sku: 'EAR-BT', name: '무선 이어폰 (색상:블랙)', quantity: 2, unitPrice: 19_900 },
      { sku: 'GIFT-WRAP', name: '선물 포장', quantity: 1, unitPrice: 2_000 },
    ]);
  });

  test('keeps per line the ids 발주확인 and 발송처리 need', () => {
    const lines = elevenstStoredLines(incomingOf([line(), giftWrap()]).marketplaceData);
    expect(lines.map(({ ordPrdSeq, addPrdYn, addPrdNo, dlvNo }) => ({ ordPrdSeq, addPrdYn, addPrdNo, dlvNo }))).toEqual([
      { ordPrdSeq: '1', addPrdYn: 'N', addPrdNo: '0', dlvNo: '3001123456' },
      { ordPrdSeq: '2', addPrdYn: 'Y', addPrdNo: '7000000011', dlvNo: '3001123456' },
    ]);
    expect(JSON.stringify(lines)).not.toContain('홍길동');
  });

  test('a line listed by two queries during one sync keeps its later state', () => {
    const order = incomingOf([line({ state: 'packaging' }), line({ state: 'complete' })]);
    expect(order.items).toHaveLength(1);
    expect(order.marketplaceStatus).toBe('packaging');
  });

  test('lines a later sync did not list are kept from the stored order', () => {
    const stored = elevenstStoredLines(incomingOf([line(), giftWrap()]).marketplaceData);
    const [fresh] = groupElevenstLines([line({ state: 'packaging' })]).values();
    const merged = mergeElevenstLines(stored, fresh.lines);
    expect(merged.map((l) => [l.ordPrdSeq, l.state])).toEqual([['1', 'packaging'], ['2', 'complete']]);
    expect(elevenstIncoming(fresh.header, merged).items).toHaveLength(2);
  });
});

describe('11st payment and total', () => {
  test('11st took the payment: ordPayAmt of every line plus prepaid shipping once per delivery, paid at ordStlEndDt', () => {
    const order = incomingOf([line(), giftWrap({ dlvCst: 2_500 })]);
    expect(order.totalAmount).toBe(39_800 + 2_000 + 2_500);
    expect(order.currency).toBe('KRW');
    expect(order.payment).toEqual({ status: 'PAID', amount: 44_300, currency: 'KRW', paidAt: '2026-06-12T01:01:30.000Z', method: null });
  });

  test('착불 shipping is paid to the carrier, not to 11st', () => {
    expect(incomingOf([line({ dlvCstType: '02' })]).totalAmount).toBe(39_800);
  });

  test('an order without a payment time has no payment', () => {
    expect(incomingOf([line({ ordStlEndDt: '' })]).payment).toBeNull();
  });
});

describe('11st carriers', () => {
  test('a shipped line becomes a tracking ref under its 11st carrier code', () => {
    const order = incomingOf([line({ state: 'shipping', dlvEtprsCd: '00034', invcNo: '612345678901' }), giftWrap({ state: 'shipping', dlvEtprsCd: '00034', invcNo: '612345678901' })]);
    expect(order.trackingRefs).toEqual([{ carrier: Carrier.CJ, trackingNumber: '612345678901' }]);
  });

  test('an unknown carrier code or a line without an invoice gives no tracking ref', () => {
    expect(incomingOf([line({ state: 'shipping', dlvEtprsCd: '99999', invcNo: '612345678901' })]).trackingRefs).toEqual([]);
    expect(incomingOf([line({ state: 'packaging' })]).trackingRefs).toEqual([]);
  });
});
