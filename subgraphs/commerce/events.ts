// Order events: what commerce publishes (order.changed, after the row is written) and how a carrier's parcel
// update becomes an order event (parcel.updated from logistics -> the orders that ship that parcel).
import type { DataSource } from 'typeorm';
import { topics, type EventBus, type EventOf } from '../../platform/events';
import type { Logger } from '../../platform/logger';

export type OrderEvents = Pick<EventBus, 'publish'>;

export async function publishOrderChange(
  events: OrderEvents,
  change: Omit<EventOf<'order.changed'>, 'type' | 'at'>,
): Promise<void> {
  await events.publish({ type: 'order.changed', ...change, at: new Date().toISOString() });
}

/**
 * Each parcel update marks the orders that ship it (updated_at, shipment_updated_at) and publishes one
 * order.changed per order. Every commerce replica hears the update; the guarded UPDATE lets exactly one of them
 * (the first to write the newer time) publish, and a late update older than the one stored publishes nothing.
 */
export async function followParcels(db: DataSource, events: EventBus, logger: Logger): Promise<() => void> {
  return events.subscribe(topics.parcels(), (event) => {
    if (event.type !== 'parcel.updated') return;
    void (async () => {
      // TypeORM answers an UPDATE … RETURNING with [rows, affected].
      const [rows]: [Array<{ id: string; marketplace: string; status: string }>, number] = await db.query(
        `UPDATE orders SET updated_at = now(), shipment_updated_at = $3
         WHERE tenant_id = $1 AND tracking_refs @> $2::jsonb AND (shipment_updated_at IS NULL OR shipment_updated_at < $3)
         RETURNING id, marketplace, status`,
        [event.tenantId, JSON.stringify([{ carrier: event.carrier, trackingNumber: event.trackingNumber }]), event.at],
      );
      for (const row of rows) {
        await publishOrderChange(events, {
          tenantId: event.tenantId, orderId: String(row.id), marketplace: row.marketplace, status: row.status, previousStatus: row.status, cause: 'tracking',
        });
      }
    })().catch((error: Error) => logger.error({ err: error, carrier: event.carrier }, 'parcel update not applied to orders'));
  });
}
