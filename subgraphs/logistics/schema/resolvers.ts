import { Arg, Ctx, Directive, FieldResolver, Query, Resolver, Root, Authorized } from 'type-graphql';
import { Carrier } from '../../../platform/graphql/enums';
import { badUserInput } from '../../../platform/errors';
import { parseTrackingRef, trackingRef } from '../carriers';
import type { LogisticsContext } from '../context';
import { OrderShipments, Shipment } from './types';

@Resolver(() => OrderShipments)
export class OrderShipmentsResolver {
  @Directive('@requires(fields: "trackingRefs")')
  @FieldResolver(() => [Shipment], { nullable: true, description: 'Parcels of this order, tracked with the carrier.' })
  async shipments(@Root() order: OrderShipments, @Ctx() ctx: LogisticsContext): Promise<Shipment[]> {
    const refs = (order.trackingRefs ?? []).map(parseTrackingRef).filter((ref) => ref !== null);
    return Promise.all(refs.map((ref) => ctx.loaders.tracking.load(trackingRef(ref.carrier, ref.trackingNumber))));
  }
}

@Resolver()
export class TrackingResolver {
  @Authorized('viewer')
  @Query(() => Shipment, { nullable: true, description: 'Tracks any parcel by carrier and tracking number.' })
  async trackShipment(
    @Ctx() ctx: LogisticsContext,
    @Arg('carrier', () => Carrier) carrier: Carrier,
    @Arg('trackingNumber', () => String) trackingNumber: string,
  ): Promise<Shipment> {
    const cleaned = trackingNumber.replace(/[\s-]/g, '');
    if (!/^[0-9A-Za-z]{6,30}$/.test(cleaned)) {
      throw badUserInput(`"trackingNumber" must be 6 to 30 letters or digits, but got "${trackingNumber.slice(0, 40)}"`, 'trackingNumber');
    }
    return ctx.loaders.tracking.load(trackingRef(carrier, cleaned));
  }
}
