// Naver Commerce API 일별 정산 내역 조회 (`GET /v1/pay-settle/settle/daily`, providers/naver/README.md "Settlements"):
// one row per settlement-basis day, from the SmartStore's product orders, in the documented `{elements, pagination}` body.
import { json, type Reply, type SandboxRequest } from '../http';
import type { SandboxState } from '../state';
import { DAY_MS, kstDate } from '../time';
import { naverState } from './store';
import { badRequest } from './wire';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_PAGE_SIZE = 1000;
/** The sandbox's own schedule and rate (UNVERIFIED upstream): paid two days after the basis day, 3.63% commission. */
export const NAVER_SETTLE_AFTER_DAYS = 2;
export const NAVER_COMMISSION_RATE = 0.0363;

const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const plusDays = (day: string, days: number) => new Date(dayMs(day) + days * DAY_MS).toISOString().slice(0, 10);

/**
 * A product order counts on the KST day it was paid (the sandbox's stand-in for Naver's basis day, which is the
 * purchase decision); cancelled and returned ones are not settled.
 */
function dailyRows(state: SandboxState, start: string, end: string): Array<Record<string, unknown>> {
  const byDay = new Map<string, number>();
  for (const order of naverState(state).productOrders.values()) {
    if (order.status === 'CANCELED' || order.status === 'RETURNED') continue;
    const day = kstDate(order.paymentDate);
    if (day >= start && day <= end) byDay.set(day, (byDay.get(day) ?? 0) + order.totalPaymentAmount);
  }
  const today = kstDate(state.clock.now());
  return [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, pay]) => {
    const commission = Math.round(pay * NAVER_COMMISSION_RATE);
    const expect = plusDays(day, NAVER_SETTLE_AFTER_DAYS);
    const settle = pay - commission;
    return {
      settleBasisStartDate: day, settleBasisEndDate: day, settleExpectDate: expect, settleCompleteDate: expect <= today ? expect : null,
      settleAmount: settle, paySettleAmount: pay, commissionSettleAmount: -commission, benefitSettleAmount: 0, deductionRestoreSettleAmount: 0,
      payHoldbackAmount: 0, minusChargeAmount: 0, differenceSettleAmount: 0, returnCareSettleAmount: 0, normalSettleAmount: settle,
      quickSettleAmount: 0, preferentialCommissionAmount: 0, settlementLimitAmount: 0, settleMethodType: 'ACCOUNT', bankType: 'KB',
      depositorName: '샌드박스', accountNo: '123456******', merchantId: 'np_sandbox0001', merchantName: '샌드박스 스토어',
    };
  });
}

export function dailySettlements(state: SandboxState, req: SandboxRequest): Reply {
  const q = req.query;
  const start = q.get('startDate') ?? '';
  const end = q.get('endDate') ?? '';
  for (const [name, value] of [['startDate', start], ['endDate', end]]) {
    if (!DATE.test(value) || Number.isNaN(dayMs(value))) return badRequest(state, name, `${name}는 yyyy-MM-dd 날짜여야 합니다 (받은 값: ${value || '없음'}).`);
  }
  if (start > end) return badRequest(state, 'endDate', 'endDate는 startDate 이후여야 합니다.');
  const page = Number(q.get('pageNumber'));
  const size = Number(q.get('pageSize'));
  if (!Number.isInteger(page) || page < 1) return badRequest(state, 'pageNumber', `pageNumber는 1 이상의 정수여야 합니다 (받은 값: ${q.get('pageNumber')}).`);
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    return badRequest(state, 'pageSize', `pageSize는 1 이상 ${MAX_PAGE_SIZE} 이하의 정수여야 합니다 (받은 값: ${q.get('pageSize')}).`);
  }
  const rows = dailyRows(state, start, end);
  const totalPages = Math.max(1, Math.ceil(rows.length / size));
  // Unlike the order API, this answer is not wrapped in {timestamp, traceId, data}.
  return json(200, { elements: rows.slice((page - 1) * size, page * size), pagination: { page, size, totalPages, totalElements: rows.length } });
}
