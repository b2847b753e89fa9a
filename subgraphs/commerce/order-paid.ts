// POST /internal/orders/paid (platform/internal-orders.ts): finance's reconciliation matched a bank deposit to an
// order and asks commerce, which owns the row, to mark it paid. The guarded UPDATE moves PENDING_PAYMENT → PAID once
// and only the request whose UPDATE won publishes the order event, so a retried call, or two replicas asking at
// once, changes and announces the order once. Only finance's signed identity, for this tenant and this exact body.
import type { DataSource } from 'typeorm';
import { sendJson, type Route } from '../../platform/http';
import { IDENTITY_HEADER, verifySubgraphIdentity, type Identity } from '../../platform/identity';
import { ORDER_PAID_AUDIENCE, ORDER_PAID_CALLER, orderPaidRequest, type OrderPaidRequest, type OrderPaidResponse } from '../../platform/internal-orders';
import { publishOrderChange, type OrderEvents } from './events';

export interface OrderPaidDeps {
  db: DataSource;
  events: OrderEvents;
  subgraphSecret: string;
}

export function orderPaidRoute(deps: OrderPaidDeps): Route {
  return async (req, res, body) => {
    if (req.method !== 'POST') return sendJson(res, 405, { reason: 'POST only' });
    let identity: Identity;
    try {
      const header = req.headers[IDENTITY_HEADER];
      identity = verifySubgraphIdentity(Array.isArray(header) ? header[0] : header, deps.subgraphSecret, { audience: ORDER_PAID_AUDIENCE, body });
    } catch {
      return sendJson(res, 401, { reason: 'Not authenticated: internal order calls are signed by a subgraph' });
    }
    let request: OrderPaidRequest;
    try {
      request = orderPaidRequest.parse(JSON.parse(body.toString('utf8')));
    } catch {
      return sendJson(res, 400, { reason: 'The body must be { tenantId, orderId (a UUID), cause: "payment" }' });
    }
    // A user's forwarded identity is signed with the same secret: only reconciliation, for its own tenant, may ask.
    if (identity.sub !== ORDER_PAID_CALLER || identity.tenant !== request.tenantId) {
      return sendJson(res, 403, { reason: 'Forbidden: only finance reconciliation marks an order paid, for its own tenant' });
    }
    sendJson(res, 200, await markPaid(deps, request));
  };
}

async function markPaid(deps: OrderPaidDeps, request: OrderPaidRequest): Promise<OrderPaidResponse> {
  // TypeORM answers an UPDATE … RETURNING with [rows, affected].
  const [rows]: [Array<{ id: string; marketplace: string }>, number] = await deps.db.query(
    `UPDATE orders SET status = 'PAID', updated_at = now() WHERE tenant_id = $1 AND id = $2 AND status = 'PENDING_PAYMENT' RETURNING id, marketplace`,
    [request.tenantId, request.orderId],
  );
  if (rows.length) {
    // Written first, then published: the event never announces a change the database does not hold.
    await publishOrderChange(deps.events, {
      tenantId: request.tenantId, orderId: String(rows[0].id), marketplace: rows[0].marketplace, status: 'PAID', previousStatus: 'PENDING_PAYMENT', cause: request.cause,
    });
    return { status: 'PAID', changed: true };
  }
  const current: Array<{ status: string }> = await deps.db.query('SELECT status FROM orders WHERE tenant_id = $1 AND id = $2', [request.tenantId, request.orderId]);
  return { status: current[0]?.status ?? null, changed: false };
}
