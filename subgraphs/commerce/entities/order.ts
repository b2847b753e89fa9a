import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { StoredClaim } from '../schema/claims';

export interface StoredItem { sku: string; name: string; quantity: number; unitPrice: number }
export interface TrackingRef { carrier: string; trackingNumber: string }
/** A payment the marketplace took (Naver Pay, Coupang, 11st), as its order data reports it. */
export interface StoredPayment {
  /** A PaymentStatus name (PAID, CANCELLED, …). */
  status: string; amount: number; currency: string; paidAt: string | null; method: string | null }

@Entity({ name: 'orders' })
export class OrderEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'tenant_id', type: 'text' }) tenantId!: string;
  @Column({ type: 'text' }) marketplace!: string;
  @Column({ name: 'external_id', type: 'text' }) externalId!: string;
  @Column({ type: 'text' }) status!: string;
  /** The marketplace's own status code, kept beside the mapped one. */
  @Column({ name: 'marketplace_status', type: 'text' }) marketplaceStatus!: string;
  @Column({ name: 'ordered_at', type: 'timestamptz' }) orderedAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ name: 'buyer_name', type: 'text' }) buyerName!: string;
  @Column({ name: 'total_amount', type: 'numeric', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  totalAmount!: number;
  @Column({ type: 'text' }) currency!: string;
  @Column({ type: 'jsonb' }) items!: StoredItem[];
  @Column({ name: 'tracking_refs', type: 'jsonb' }) trackingRefs!: TrackingRef[];
  @Column({ type: 'jsonb', nullable: true }) payment!: StoredPayment | null;
  @Column({ name: 'marketplace_data', type: 'jsonb' }) marketplaceData!: Record<string, unknown>;
  /** Cancellations, returns and exchanges, as the last sync (or claim action) found them. */
  @Column({ type: 'jsonb' }) claims!: StoredClaim[];
  /** The buyer changed the address after paying: the seller must re-read it before shipping. */
  @Column({ name: 'receiver_address_changed', type: 'boolean' }) receiverAddressChanged!: boolean;
}

@Entity({ name: 'order_sync_state' })
export class SyncStateEntity {
  @Column({ name: 'tenant_id', type: 'text', primary: true }) tenantId!: string;
  @Column({ type: 'text', primary: true }) marketplace!: string;
  /** The marketplace clock reading up to which every change has been stored. */
  @Column({ name: 'synced_until', type: 'timestamptz' }) syncedUntil!: Date;
}
