// The one internal call that changes another subgraph's rows (README "Bank transfers and reconciliation"): finance's
// reconciliation asks commerce, which owns orders, to mark a bank-transfer order paid. Signed as the gateway signs its
// subgraph requests (identity.ts): the shared SUBGRAPH_SECRET, audience `commerce`, bound to the exact body.
import { z } from 'zod';

export const ORDER_PAID_PATH = '/internal/orders/paid';
export const ORDER_PAID_AUDIENCE = 'commerce';
/** The identity finance signs: no user is behind the call, the tenant is the one whose deposit matched. */
export const ORDER_PAID_CALLER = 'finance:reconciliation';

export const orderPaidRequest = z.object({
  tenantId: z.string().min(1).max(200),
  orderId: z.string().uuid(),
  cause: z.literal('payment'),
});
export type OrderPaidRequest = z.infer<typeof orderPaidRequest>;

/** The order's status after the call (null: no such order) and whether this call is the one that changed it. */
export const orderPaidResponse = z.object({ status: z.string().nullable(), changed: z.boolean() });
export type OrderPaidResponse = z.infer<typeof orderPaidResponse>;
