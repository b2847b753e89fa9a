import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DateTime } from '../../../platform/graphql/scalars';
import { Carrier } from '../../../platform/graphql/enums';

export enum ShipmentStatus {
  /** The marketplace has the tracking number; the carrier has not scanned the parcel yet. */
  INFO_RECEIVED = 'INFO_RECEIVED',
  PICKED_UP = 'PICKED_UP',
  IN_TRANSIT = 'IN_TRANSIT',
  OUT_FOR_DELIVERY = 'OUT_FOR_DELIVERY',
  DELIVERED = 'DELIVERED',
  /** The carrier reports a problem the seller should look at: held by customs, a failed delivery attempt, tracking gone silent. */
  EXCEPTION = 'EXCEPTION',
}
registerEnumType(ShipmentStatus, { name: 'ShipmentStatus' });

@ObjectType()
export class TrackingEvent {
  @Field(() => DateTime) at!: Date;
  @Field(() => String, { nullable: true }) location!: string | null;
  @Field(() => String) description!: string;
}

@ObjectType()
export class Shipment {
  @Field(() => Carrier) carrier!: Carrier;
  @Field(() => String) trackingNumber!: string;
  @Field(() => ShipmentStatus) status!: ShipmentStatus;
  @Field(() => TrackingEvent, { nullable: true }) lastEvent!: TrackingEvent | null;
  @Field(() => [TrackingEvent]) events!: TrackingEvent[];
}

@Directive('@key(fields: "id")')
@ObjectType('Order')
export class OrderShipments {
  @Field(() => ID) id!: string;
  @Directive('@external')
  @Field(() => [String]) trackingRefs!: string[];
}
