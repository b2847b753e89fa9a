import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type CancellationStatus = 'PENDING' | 'DONE' | 'FAILED';

/** One cancelPayment: who asked, how much, why, and how it ended. */
@Entity({ name: 'payment_cancellations' })
export class PaymentCancellationEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'tenant_id', type: 'text' }) tenantId!: string;
  @Column({ name: 'order_id', type: 'uuid' }) orderId!: string;
  @Column({ type: 'text' }) provider!: string;
  /** Toss paymentKey or PortOne paymentId. */
  @Column({ name: 'payment_ref', type: 'text' }) paymentRef!: string;
  @Column({ type: 'integer' }) amount!: number;
  @Column({ type: 'text' }) reason!: string;
  /** The user (JWT `sub`) who asked. */
  @Column({ type: 'text' }) actor!: string;
  @Column({ name: 'idempotency_key', type: 'text' }) idempotencyKey!: string;
  @Column({ type: 'text' }) status!: CancellationStatus;
  /** What was left to cancel when this one started (PortOne's currentCancellableAmount). */
  @Column({ name: 'balance_before', type: 'integer' }) balanceBefore!: number;
  @Column({ type: 'text', nullable: true }) failure!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  /** When this attempt took the order's one pending place (a retry of a failed attempt takes it again). */
  @Column({ name: 'claimed_at', type: 'timestamptz' }) claimedAt!: Date;
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true }) completedAt!: Date | null;
}
