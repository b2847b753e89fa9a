// 11st (11번가) Seller Open API, providers/elevenst/README.md (Auth, Order queries, Actions, Rate limit):
// the public surface of this folder.
export { ElevenstClient, type ElevenstClientOptions } from './client';
export { elevenstError, INVALID_KEY_CODE, OVERED_TRAFFIC_CODE, OVERLOAD_BACKOFF_MS } from './errors';
export { asArray, parseElevenstXml, type ElevenstAnswer } from './parse';
export { CLAIM_KINDS } from './claims';
export { formatElevenstMinute, parseElevenstDateTime, splitQueryWindow, MAX_QUERY_WINDOW_MS, MAX_CLAIM_WINDOW_MS } from './time';
export type * from './types';
export { ElevenstSettlementClient, parseSettlementList, settlementRanges, ELEVENST_SETTLEMENT_RANGE_DAYS, type ElevenstSettlementLine } from './settlements';
