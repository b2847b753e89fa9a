// Toss Payments core API v1, following providers/toss/README.md (Toss Payments):
// the public surface of this folder.
export { TossClient, tossBasicAuth, tossError, type TossClientOptions } from './client';
export type * from './types';
