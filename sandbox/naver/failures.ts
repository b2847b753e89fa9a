// Naver Commerce API, providers/naver/README.md (Order actions, Failure codes): the numeric codes Naver puts in
// `failProductOrderInfos` and in 400 bodies of the pay-order-seller API (errorCode.pay-order-seller).
import type { Reply } from '../http';
import type { SandboxState } from '../state';
import { naverError } from './wire';

/**
 * The documented codes this sandbox uses. 104442's documented wording is cut off in our sources ("상품…"); it is
 * used for a product order whose status does not allow the change (UNVERIFIED meaning, providers/naver/README.md).
 */
export const NAVER_FAILURES = {
  BAD_INPUT: { code: '4000', message: '잘못된 요청 파라미터' },
  NOT_FOUND: { code: '100001', message: '상품 주문을 찾을 수 없음' },
  DUPLICATE: { code: '104131', message: '상품 주문 번호 중복' },
  NO_METHOD: { code: '104117', message: '배송 방법 변경 필요' },
  NO_CARRIER: { code: '104118', message: '택배사 미입력' },
  BAD_CARRIER: { code: '104119', message: '택배사 코드 확인' },
  NO_INVOICE: { code: '104120', message: '송장 번호 미입력' },
  BAD_INVOICE: { code: '104122', message: '배송 송장 오류(유효하지 않은 송장)' },
  BAD_STATUS: { code: '104442', message: '상품 주문 상태 확인 필요' },
  NO_CLAIM: { code: '104442', message: '클레임 상태 확인 필요' },
} as const;

export interface Failure {
  productOrderId: string;
  code: string;
  message: string;
}

export function failure(productOrderId: string, kind: keyof typeof NAVER_FAILURES, detail?: string): Failure {
  const { code, message } = NAVER_FAILURES[kind];
  return { productOrderId, code, message: detail ? `${message}: ${detail}` : message };
}

/** At most this many product orders per 발주확인 or 발송처리 call. */
export const MAX_PER_CHANGE = 30;

/** More than 30: the whole call is refused as a bad parameter (400, code 4000, the field in invalidInputs; UNVERIFIED). */
export function tooMany(state: SandboxState, field: string, count: number): Reply {
  return naverError(state, 400, NAVER_FAILURES.BAD_INPUT.code, `${NAVER_FAILURES.BAD_INPUT.message}: ${field}는 최대 ${MAX_PER_CHANGE}개까지 처리할 수 있습니다 (받은 개수: ${count}).`, [
    { name: field, type: 'Size', message: `최대 ${MAX_PER_CHANGE}개` },
  ]);
}
