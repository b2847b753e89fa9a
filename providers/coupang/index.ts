// Coupang WING Open API, following providers/coupang/README.md (Coupang WING Open API):
// the public surface of this folder.
export { CoupangClient, type CoupangClientOptions } from './client';
export { COUPANG_THROTTLE_BACKOFF_MS, coupangError } from './errors';
export { coupangQuery } from './query';
export { coupangSignedDate, signCoupangRequest, type CoupangSignature, type CoupangSignInput } from './sign';
export type * from './types';
export { COUPANG_SELLER_API, CoupangProductsClient, type CoupangInventory, type CoupangProductDetail, type CoupangProductSummary } from './products';
export { CoupangRevenueClient, COUPANG_REVENUE_PATH, COUPANG_REVENUE_RANGE_DAYS, type CoupangRevenue } from './revenue';
