// Toss Payments core API v1, following providers.md section 8 (Toss Payments):
// the public surface of this folder.
export { TossClient, tossBasicAuth, tossError, type TossClientOptions } from './client';
export type * from './types';
