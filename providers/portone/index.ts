// PortOne REST API V2, following providers/portone/README.md: the public surface of this folder.
export { PortOneClient, type CancelRequest, type PortOneClientOptions } from './client';
export { portoneError, portoneKind } from './errors';
export { verifyPortOneWebhook, PORTONE_WEBHOOK_HEADERS, type PortOnePaymentWebhook } from './webhook';
export type * from './types';
