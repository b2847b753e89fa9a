// Cafe24 Admin API, following providers/cafe24/README.md (Cafe24 Admin API):
// the public surface of this folder.
export { Cafe24Client, CAFE24_DEFAULT_API_VERSION, type Cafe24ClientOptions } from './client';
export { MemoryCafe24TokenStore, sessionTokenStore, type Cafe24TokenStore, type MemoryCafe24TokenStoreOptions } from './token-store';
export { parseCafe24Timestamp, cafe24BasicAuth, cafe24AuthorizeUrl, exchangeCafe24Code, CAFE24_SCOPES, CONSENT_REQUIRED } from './oauth';
export { cafe24RetryAfterMs } from './errors';
export type * from './types';
