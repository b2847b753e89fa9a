import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Shipment } from '../schema/types';

/** The latest AfterShip state of one parcel of one tenant, from a lookup or a webhook, whichever is newer. */
@Entity({ name: 'aftership_trackings' })
export class AfterShipTrackingEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' }) tenantId!: string;
  @PrimaryColumn({ type: 'text' }) slug!: string;
  @PrimaryColumn({ name: 'tracking_number', type: 'text' }) trackingNumber!: string;
  /** AfterShip's own id: later lookups GET it directly instead of searching. */
  @Column({ name: 'aftership_id', type: 'text' }) aftershipId!: string;
  @Column({ type: 'text' }) tag!: string;
  @Column({ type: 'jsonb' }) shipment!: Shipment;
  /** AfterShip's `updated_at`, with the checkpoint count as tie-break: an older state never replaces a newer one. */
  @Column({ name: 'provider_updated_at', type: 'timestamptz' }) providerUpdatedAt!: Date;
  @Column({ name: 'checkpoint_count', type: 'integer' }) checkpointCount!: number;
  @Column({ name: 'last_event_id', type: 'text', nullable: true }) lastEventId!: string | null;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
}
