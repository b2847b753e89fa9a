import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTime } from '../../../platform/graphql/scalars';
import { Marketplace, OrderStatus } from '../../../platform/graphql/enums';
import { Money, OrderItem, PageInfo } from '../../../platform/graphql/types';
import { OrderClaim } from './claims';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'An order from one of the marketplaces, in one model across all of them.' })
export class Order {
  @Field(() => ID) id!: string;
  @Field(() => Marketplace) marketplace!: Marketplace;
  @Field(() => String, { description: "The marketplace's own order id" }) externalId!: string;
  @Field(() => OrderStatus) status!: OrderStatus;
  @Field(() => DateTime) orderedAt!: Date;
  @Field(() => DateTime) updatedAt!: Date;
  @Field(() => String) buyerName!: string;
  @Field(() => Money, { description: 'What the seller gets: the payment less completed cancellations and returns' }) total!: Money;
  @Field(() => [OrderItem], { description: 'What the buyer keeps: quantities after completed cancellations and returns' }) items!: OrderItem[];
  @Field(() => [OrderClaim], { description: 'Cancellations, returns and exchanges, one per order line claimed' }) claims!: OrderClaim[];
  @Field(() => Boolean, { description: 'The buyer changed the shipping address after paying: re-read it before shipping' })
  receiverAddressChanged!: boolean;
  /** Carrier and tracking number pairs as the marketplace knows them; logistics resolves shipments from these. */
  @Directive('@inaccessible')
  @Field(() => [String]) trackingRefs!: string[];
  /** The marketplace's own payment record as JSON (null for own-mall orders); finance resolves `payment` from it. */
  @Directive('@inaccessible')
  @Field(() => String, { nullable: true }) marketplacePayment!: string | null;
}

@ObjectType()
export class OrderEdge {
  @Field(() => String) cursor!: string;
  @Field(() => Order) node!: Order;
}

@ObjectType()
export class OrderConnection {
  @Field(() => Int) totalCount!: number;
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => [OrderEdge]) edges!: OrderEdge[];
}

export enum OrderSort { ORDERED_AT_DESC = 'ORDERED_AT_DESC', ORDERED_AT_ASC = 'ORDERED_AT_ASC' }
registerEnumType(OrderSort, { name: 'OrderSort', description: 'Orders by when they were placed; ties broken by id, so pages never overlap' });

@InputType()
export class OrderFilter {
  @Field(() => Marketplace, { nullable: true }) marketplace?: Marketplace;
  @Field(() => OrderStatus, { nullable: true }) status?: OrderStatus;
  @Field(() => DateTime, { nullable: true }) orderedAfter?: Date;
  @Field(() => DateTime, { nullable: true }) orderedBefore?: Date;
  @Field(() => DateTime, { nullable: true }) updatedAfter?: Date;
  @Field(() => String, { nullable: true, description: "The marketplace's own order id (Order.externalId), exactly" }) externalId?: string;
}

@ObjectType()
export class SyncResult {
  @Field(() => Marketplace) marketplace!: Marketplace;
  @Field(() => Int, { description: 'Orders read from the marketplace' }) fetched!: number;
  @Field(() => Int, { description: 'Orders stored for the first time' }) created!: number;
  @Field(() => Int, { description: 'Stored orders that changed' }) updated!: number;
}

@ObjectType({ description: "One order's outcome of a marketplace action" })
export class OrderActionResult {
  @Field(() => ID) orderId!: string;
  @Field(() => Boolean) ok!: boolean;
  @Field(() => String, { nullable: true, description: 'Why the marketplace refused; the order is unchanged then' }) reason!: string | null;
  @Field(() => Order, { nullable: true }) order!: Order | null;
}
