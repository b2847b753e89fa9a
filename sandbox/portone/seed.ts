// The shared mall takes some payments through PortOne (sandbox/README.md "The shared world"): every fourth paid
// order, counted in order date, moves from Toss to PortOne with paymentId = the mall's order id, as a mall using both
// PGs (card through Toss, easy-pay through PortOne) would have them. The first paid order always stays with Toss.
import { stableHex } from '../prng';
import type { SandboxState } from '../state';
import { portoneStore } from './store';

export function seedPortOnePayments(state: SandboxState): void {
  const { payments } = portoneStore(state);
  const paid = state.orders.filter((order) => state.payments.has(order.orderId));
  paid.forEach((order, index) => {
    if (index % 4 !== 3) return;
    const toss = state.payments.get(order.orderId)!;
    state.payments.delete(order.orderId);
    state.paymentsByKey.delete(toss.paymentKey);
    payments.set(order.orderId, {
      id: order.orderId,
      transactionId: stableHex(`portone-tx:${order.orderId}`, 32),
      orderName: toss.orderName,
      total: toss.totalAmount,
      customerName: order.buyerName,
      requestedAt: toss.requestedAt,
      paidAt: toss.approvedAt,
      updatedAt: toss.approvedAt,
      pgTxId: stableHex(`portone-pg:${order.orderId}`, 20),
      cancellations: [],
    });
  });
}

/** The PortOne payment ids of the shared mall (tests pick one). */
export function portonePaymentIds(state: SandboxState): string[] {
  return [...portoneStore(state).payments.keys()];
}
