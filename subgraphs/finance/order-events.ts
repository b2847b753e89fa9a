// A payment change (a cancel here, a PortOne webhook) is an order event: dashboards subscribed to
// orderStatusChanged see the order again with its payment as it now is (cause PAYMENT). The order's status is
// commerce's and does not change here; the event says "look again", after the payment cache was refreshed.
import type { EventBus } from '../../platform/events';
import type { OrderRef } from './orders';

export async function publishPaymentChange(events: Pick<EventBus, 'publish'>, order: OrderRef): Promise<void> {
  await events.publish({
    type: 'order.changed', tenantId: order.tenantId, orderId: order.id, marketplace: order.marketplace,
    status: order.status, previousStatus: order.status, cause: 'payment', at: new Date().toISOString(),
  });
}
