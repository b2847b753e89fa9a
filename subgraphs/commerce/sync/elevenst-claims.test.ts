// 11st's claim statuses onto opsgraph's claim model: every documented ordCnStatCd and clmStat, and the order status.
import type { ElevenstClaim } from '../../../providers/elevenst';
import { OrderStatus } from '../../../platform/graphql/enums';
import { ClaimStatus, ClaimType } from '../schema/claims';
import { ELEVENST_CANCEL_STATUS, ELEVENST_CLAIM_STATUS, elevenstClaimedStatus, elevenstClaimRecord, mergeElevenstClaims } from './elevenst-claims';
import { elevenstIncoming, type ElevenstStoredLine } from './elevenst-mapping';

const claim = (over: Partial<ElevenstClaim> = {}): ElevenstClaim => ({
  list: 'cancelorders', kind: 'cancel', claimSeq: '8192583', ordNo: '201001198151936', ordPrdSeq: '1', prdNo: '41613972', status: '01',
  reasonCode: '09', reasonText: '다음에 구매하겠습니다.', quantity: 1, requestedAt: '2010-01-19 13:50:05', raw: {}, ...over,
});

test('every documented ordCnStatCd', () => {
  expect(ELEVENST_CANCEL_STATUS).toEqual({ '01': ClaimStatus.REQUESTED, '02': ClaimStatus.COMPLETED, '05': ClaimStatus.REJECTED });
  for (const [status, expected] of Object.entries(ELEVENST_CANCEL_STATUS)) {
    expect(elevenstClaimRecord(claim({ status })).claim).toMatchObject({ type: ClaimType.CANCEL, status: expected, marketplaceStatus: status });
  }
});

test('every documented clmStat', () => {
  expect(ELEVENST_CLAIM_STATUS).toEqual({
    '103': ClaimStatus.REQUESTED, '104': ClaimStatus.IN_PROGRESS, '105': ClaimStatus.REQUESTED, '106': ClaimStatus.COMPLETED,
    '107': ClaimStatus.REJECTED, '108': ClaimStatus.REJECTED, '109': ClaimStatus.IN_PROGRESS,
    '201': ClaimStatus.REQUESTED, '212': ClaimStatus.IN_PROGRESS, '214': ClaimStatus.IN_PROGRESS, '221': ClaimStatus.COMPLETED,
    '232': ClaimStatus.REJECTED, '233': ClaimStatus.REJECTED, '301': ClaimStatus.IN_PROGRESS, '302': ClaimStatus.COMPLETED,
  });
  for (const [status, expected] of Object.entries(ELEVENST_CLAIM_STATUS)) {
    expect(elevenstClaimRecord(claim({ list: 'returnorders', kind: 'return', status })).claim).toMatchObject({ type: ClaimType.RETURN, status: expected });
    expect(elevenstClaimRecord(claim({ list: 'exchangeorders', kind: 'exchange', status })).claim).toMatchObject({ type: ClaimType.EXCHANGE, status: expected });
  }
  // A status 11st adds later reads as requested: shown, never taken for finished.
  expect(elevenstClaimRecord(claim({ kind: 'return', status: '999' })).claim.status).toBe(ClaimStatus.REQUESTED);
});

test("a claim's reason, date (Korean time), line and number", () => {
  expect(elevenstClaimRecord(claim())).toEqual({
    kind: 'cancel', claimSeq: '8192583', ordPrdSeq: '1', quantity: 1,
    claim: {
      type: ClaimType.CANCEL, status: ClaimStatus.REQUESTED, marketplaceStatus: '01', reason: '09: 다음에 구매하겠습니다.',
      requestedAt: '2010-01-19T04:50:05.000Z', externalLineId: '1',
    },
  });
});

test('a claim listed as requested and as done keeps its final word, whichever list came first', () => {
  const open = elevenstClaimRecord(claim());
  const done = elevenstClaimRecord(claim({ list: 'canceledorders', status: '02' }));
  expect(mergeElevenstClaims([], [done, open]).map((r) => r.claim.status)).toEqual([ClaimStatus.COMPLETED]);
  expect(mergeElevenstClaims([open], [done]).map((r) => r.claim.status)).toEqual([ClaimStatus.COMPLETED]);
});

const line = (ordPrdSeq: string, payAmount: number): ElevenstStoredLine => ({
  ordPrdSeq, addPrdYn: 'N', addPrdNo: '0', dlvNo: '1', state: 'packaging', sku: 'S', name: 'n', quantity: 1, unitPrice: payAmount,
  payAmount, dlvCst: 0, dlvCstType: '03', dlvEtprsCd: null, invcNo: null,
});
const header = { ordNo: '201001198151936', ordDt: '2010-01-19 13:00:00', ordStlEndDt: '2010-01-19 13:01:00', ordNm: '구매자' };

test('the order: an open claim asks the seller; a cancelled line leaves the total; all lines cancelled is CANCELLED', () => {
  const open = elevenstClaimRecord(claim());
  expect(elevenstIncoming(header, [line('1', 1000), line('2', 500)], [open])).toMatchObject({ status: OrderStatus.CANCEL_REQUESTED, totalAmount: 1500, claims: [open.claim] });
  const done = elevenstClaimRecord(claim({ status: '02' }));
  expect(elevenstIncoming(header, [line('1', 1000), line('2', 500)], [done])).toMatchObject({ status: OrderStatus.PREPARING, totalAmount: 500, items: [{ unitPrice: 500 }] });
  expect(elevenstIncoming(header, [line('1', 1000)], [done])).toMatchObject({ status: OrderStatus.CANCELLED, totalAmount: 0 });
  const returned = elevenstClaimRecord(claim({ kind: 'return', status: '106' }));
  expect(elevenstClaimedStatus(OrderStatus.DELIVERED, [returned], 1)).toBe(OrderStatus.RETURNED);
  const exchanged = elevenstClaimRecord(claim({ kind: 'exchange', status: '221' }));
  expect(elevenstClaimedStatus(OrderStatus.DELIVERED, [exchanged], 1)).toBe(OrderStatus.EXCHANGED);
  const refused = elevenstClaimRecord(claim({ kind: 'return', status: '107' }));
  expect(elevenstClaimedStatus(OrderStatus.DELIVERED, [refused], 1)).toBe(OrderStatus.DELIVERED);
  // Without claims an order keeps exactly the data it had before claims were synced.
  expect(elevenstIncoming(header, [line('1', 1000)])).not.toHaveProperty('claims');
});
