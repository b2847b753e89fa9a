import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One AfterShip webhook event applied: AfterShip retries keep the `event_id`, so a retry finds its row here (per tenant). */
@Entity({ name: 'aftership_webhook_events' })
export class AfterShipWebhookEventEntity {
  @PrimaryColumn({ name: 'event_id', type: 'text' }) eventId!: string;
  @PrimaryColumn({ name: 'tenant_id', type: 'text' }) tenantId!: string;
  @Column({ type: 'text' }) event!: string;
  @Column({ type: 'text' }) slug!: string;
  @Column({ name: 'tracking_number', type: 'text' }) trackingNumber!: string;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
}
