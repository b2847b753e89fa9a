import { AFTERSHIP_TAGS, type AfterShipCheckpoint, type AfterShipTracking } from '../../providers/aftership';
import { Carrier } from '../../platform/graphql/enums';
import { AFTERSHIP_STATUS, afterShipShipment, statusOfTag } from './aftership';
import { internationalCarrierOfSlug, parseTrackingRef, trackerOf } from './carriers';
import { ShipmentStatus } from './schema/types';

const checkpoint = (time: string, tag: AfterShipCheckpoint['tag'], message: string, location: string | null = 'Incheon, KR'): AfterShipCheckpoint => ({
  checkpoint_time: time, message, location, country_region: 'KOR', tag, subtag: `${tag}_001`, slug: 'dhl',
});

const tracking = (tag: AfterShipTracking['tag'], checkpoints: AfterShipCheckpoint[]): AfterShipTracking => ({
  id: 'a1', legacy_id: 'l1', tracking_number: '1234567890', slug: 'dhl', active: true, tag, subtag: `${tag}_001`,
  subtag_message: tag, created_at: '2026-01-01T00:00:00+00:00', updated_at: '2026-01-02T00:00:00+00:00', checkpoints,
});

describe('AfterShip tags as ShipmentStatus', () => {
  test.each([
    ['Pending', ShipmentStatus.INFO_RECEIVED],
    ['InfoReceived', ShipmentStatus.INFO_RECEIVED],
    ['InTransit', ShipmentStatus.IN_TRANSIT],
    ['OutForDelivery', ShipmentStatus.OUT_FOR_DELIVERY],
    ['AvailableForPickup', ShipmentStatus.OUT_FOR_DELIVERY],
    ['Delivered', ShipmentStatus.DELIVERED],
    ['AttemptFail', ShipmentStatus.EXCEPTION],
    ['Exception', ShipmentStatus.EXCEPTION],
    ['Expired', ShipmentStatus.EXCEPTION],
  ])('maps %s to %s', (tag, status) => {
    expect(statusOfTag(tag)).toBe(status);
  });

  test('every tag AfterShip documents has a status', () => {
    expect(Object.keys(AFTERSHIP_STATUS).sort()).toEqual([...AFTERSHIP_TAGS].sort());
  });

  test('reads a tag it does not know as in transit, never as delivered', () => {
    expect(statusOfTag('ReturnedToSender')).toBe(ShipmentStatus.IN_TRANSIT);
    expect(statusOfTag('toString')).toBe(ShipmentStatus.IN_TRANSIT);
  });
});

describe('afterShipShipment', () => {
  test('turns checkpoints into events, oldest first, the last one as lastEvent', () => {
    const shipment = afterShipShipment(Carrier.DHL, '1234567890', tracking('OutForDelivery', [
      checkpoint('2026-01-02T09:00:00+00:00', 'OutForDelivery', 'With delivery courier', 'Seoul, KR'),
      checkpoint('2026-01-01T09:00:00+00:00', 'InTransit', 'Departed from facility', null),
    ]));
    expect(shipment).toMatchObject({ carrier: Carrier.DHL, trackingNumber: '1234567890', status: ShipmentStatus.OUT_FOR_DELIVERY });
    expect(shipment.events).toEqual([
      { at: new Date('2026-01-01T09:00:00Z'), location: 'KOR', description: 'Departed from facility' },
      { at: new Date('2026-01-02T09:00:00Z'), location: 'Seoul, KR', description: 'With delivery courier' },
    ]);
    expect(shipment.lastEvent).toEqual(shipment.events[1]);
  });

  test('a tracking without checkpoints has no events', () => {
    const shipment = afterShipShipment(Carrier.UPS, '1Z999', tracking('Pending', []));
    expect(shipment).toEqual({ carrier: Carrier.UPS, trackingNumber: '1Z999', status: ShipmentStatus.INFO_RECEIVED, lastEvent: null, events: [] });
  });
});

describe('carriers and trackers', () => {
  test('international carriers go to AfterShip, domestic ones to Sweet Tracker', () => {
    expect([Carrier.DHL, Carrier.FEDEX, Carrier.UPS, Carrier.EMS].map(trackerOf)).toEqual(['AFTERSHIP', 'AFTERSHIP', 'AFTERSHIP', 'AFTERSHIP']);
    expect([Carrier.CJ, Carrier.HANJIN, Carrier.LOTTE, Carrier.EPOST, Carrier.LOGEN].every((c) => trackerOf(c) === 'SWEETTRACKER')).toBe(true);
  });

  test('an AfterShip slug names the international carrier: kr-post is EMS, not EPOST', () => {
    expect(internationalCarrierOfSlug('kr-post')).toBe(Carrier.EMS);
    expect(internationalCarrierOfSlug('dhl')).toBe(Carrier.DHL);
    expect(internationalCarrierOfSlug('cj-logistics')).toBeNull();
    expect(internationalCarrierOfSlug('usps')).toBeNull();
  });

  test('parseTrackingRef accepts known carriers only', () => {
    expect(parseTrackingRef('DHL:1234567890')).toEqual({ carrier: Carrier.DHL, trackingNumber: '1234567890' });
    expect(parseTrackingRef('USPS:1')).toBeNull();
    expect(parseTrackingRef('toString:1')).toBeNull();
    expect(parseTrackingRef(':1')).toBeNull();
  });
});
