// Naver Commerce API (SmartStore), following providers/naver/README.md:
// the public surface of this folder.
export { NaverCommerceClient, NAVER_MAX_IDS_PER_QUERY, NAVER_MAX_IDS_PER_CHANGE, type NaverCommerceClientOptions, type NaverLastChangedParams, type NaverAllLastChangedParams } from './client';
export { signNaverClientSecret } from './sign';
export { naverRetryAfterMs, naverErrorKind } from './errors';
export { naverDateTime } from './dates';
export { NAVER_TOKEN_RENEW_BELOW_MS } from './token';
export type * from './types';
export { NAVER_CLAIM_STATUSES } from './types';
export { NaverSettleClient, NAVER_SETTLE_PAGE_SIZE, type NaverDailySettle } from './settle';
