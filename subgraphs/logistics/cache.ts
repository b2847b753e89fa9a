// A shared tracking cache (Redis across replicas; in-process in embedded mode) whose lifetime follows the
// parcel's status: a delivered parcel does not change, one out for delivery changes within the hour.
// Keys are per tenant: tracking answers carry receiver names, which one seller must not read from another's.
// A miss is filled by one tracker call however many requests (on however many replicas) ask at once.
import { CacheFill } from '../../platform/cache-fill';
import type { KeyValueStore } from '../../platform/kv';
import { tenantScope } from '../../platform/scope';
import { ShipmentStatus, type Shipment } from './schema/types';

export const TRACKING_TTL_MS: Record<ShipmentStatus, number> = {
  [ShipmentStatus.INFO_RECEIVED]: 10 * 60_000,
  [ShipmentStatus.PICKED_UP]: 5 * 60_000,
  [ShipmentStatus.IN_TRANSIT]: 5 * 60_000,
  [ShipmentStatus.OUT_FOR_DELIVERY]: 60_000,
  [ShipmentStatus.DELIVERED]: 24 * 60 * 60_000,
  // A held or failed parcel moves again when someone acts, which AfterShip's webhook reports at once.
  [ShipmentStatus.EXCEPTION]: 10 * 60_000,
};

export class TrackingCache {
  /** `ttlScale` shrinks every lifetime alike (benchmarks run time faster); 1 in production. */
  constructor(private readonly store: KeyValueStore, private readonly ttlScale = 1, private readonly fills = new CacheFill(store)) {}

  private key(tenantId: string, ref: string): string {
    return `tracking:${tenantScope(tenantId)}:${encodeURIComponent(ref)}`;
  }

  async getMany(tenantId: string, refs: readonly string[]): Promise<Array<Shipment | null>> {
    const raw = await this.store.getMany(refs.map((ref) => this.key(tenantId, ref))).catch(() => refs.map(() => null));
    return raw.map((value) => (value ? reviveShipment(JSON.parse(value) as Shipment) : null));
  }

  /** The shipment of a missed ref: the cache if another caller filled it meanwhile, else `load` (which sets it), once. */
  fill(tenantId: string, provider: string, ref: string, load: () => Promise<Shipment>): Promise<Shipment> {
    return this.fills.fill(
      { tenantId: tenantScope(tenantId), provider, resource: ref },
      async () => (await this.getMany(tenantId, [ref]))[0] ?? undefined,
      load,
    );
  }

  async set(tenantId: string, ref: string, shipment: Shipment): Promise<void> {
    await this.store.set(this.key(tenantId, ref), JSON.stringify(shipment), TRACKING_TTL_MS[shipment.status] * this.ttlScale).catch(() => undefined);
  }
}

/** A Shipment read back from JSON: its instants are strings again until revived. */
export function reviveShipment(value: Shipment): Shipment {
  const events = value.events.map((event) => ({ ...event, at: new Date(event.at) }));
  return { ...value, events, lastEvent: events.at(-1) ?? null };
}
