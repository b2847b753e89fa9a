import { Arg, Ctx, Field, ObjectType, Resolver, Root, Subscription, registerEnumType } from 'type-graphql';
import { Marketplace, OrderStatus } from '../../../platform/graphql/enums';
import { DateTime } from '../../../platform/graphql/scalars';
import { eventSource } from '../../../platform/graphql/subscriptions';
import { topics, type EventOf, type OpsEvent } from '../../../platform/events';
import { internal } from '../../../platform/errors';
import { OrderEntity } from '../entities/order';
import type { CommerceContext } from '../context';
import { toOrder } from './mapping';
import { Order } from './types';

export enum OrderChangeCause { SYNC = 'SYNC', CONFIRM = 'CONFIRM', DISPATCH = 'DISPATCH', TRACKING = 'TRACKING', CLAIM = 'CLAIM', PAYMENT = 'PAYMENT' }
registerEnumType(OrderChangeCause, { name: 'OrderChangeCause', description: 'What changed the order: a marketplace sync, an action here, a claim (a buyer\'s, or the answer to it), a carrier update, or its payment (a cancel, a payment webhook)' });

@ObjectType({ description: "An order that was created or changed: order.status is the status this change set, previousStatus the one before; the order's other fields are as they are when the event is delivered." })
export class OrderStatusChange {
  @Field(() => OrderStatus, { nullable: true, description: 'The status before the change; null for a new order.' }) previousStatus!: OrderStatus | null;
  @Field(() => Order) order!: Order;
  @Field(() => OrderChangeCause) cause!: OrderChangeCause;
  @Field(() => DateTime) at!: Date;
}

type OrderChanged = EventOf<'order.changed'>;

/**
 * The order row of each event, read once however many subscriptions of the tenant resolve that event: the event
 * bus hands every subscription of this process the same event object, so the read is keyed by it and goes with it.
 */
const rowOfEvent = new WeakMap<OrderChanged, Promise<OrderEntity | null>>();

@Resolver()
export class OrderEventsResolver {
  @Subscription(() => OrderStatusChange, {
    description: "The tenant's orders as they are created and change (status, shipments); optionally one marketplace's.",
    subscribe: ({ args, context }) =>
      eventSource(context as CommerceContext, 'viewer', topics.orders((context as CommerceContext).identity.tenant),
        (event: OpsEvent): event is OrderChanged =>
          event.type === 'order.changed' && (!(args as { marketplace?: string | null }).marketplace || event.marketplace === (args as { marketplace?: string | null }).marketplace)),
  })
  async orderStatusChanged(
    @Root() event: OrderChanged,
    @Ctx() ctx: CommerceContext,
    @Arg('marketplace', () => Marketplace, { nullable: true }) _marketplace: Marketplace | null,
  ): Promise<OrderStatusChange> {
    // Read fresh for each event (a subscription's DataLoader would keep the first event's row): the row was written
    // before the event was published, so it holds this change or a newer one.
    let read = rowOfEvent.get(event);
    if (!read) {
      // The event is on its tenant's own topic: the row is read under that tenant, as every subscriber's is.
      read = ctx.db.getRepository(OrderEntity).findOneBy({ id: event.orderId, tenantId: event.tenantId });
      rowOfEvent.set(event, read);
    }
    const row = event.tenantId === ctx.identity.tenant ? await read : null;
    if (!row) throw internal(`order ${event.orderId} of an event is gone`);
    return {
      previousStatus: event.previousStatus as OrderStatus | null,
      // The transition this event tells (previousStatus -> status), even when a newer change is already stored;
      // the order's other fields are as they are now.
      order: { ...toOrder(row), status: event.status as OrderStatus },
      cause: event.cause.toUpperCase() as OrderChangeCause,
      at: new Date(event.at),
    };
  }
}
