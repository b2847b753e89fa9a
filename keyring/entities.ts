import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'provider_keys' })
export class ProviderKeyEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  /** null: the shared pool, usable by every tenant. */
  @Column({ name: 'tenant_id', type: 'text', nullable: true }) tenantId!: string | null;
  @Column({ type: 'text' }) provider!: string;
  @Column({ type: 'text' }) label!: string;
  @Column({ type: 'text' }) scope!: 'TENANT' | 'SHARED';
  @Column({ type: 'text' }) last4!: string;
  /** AES-256-GCM sealed JSON of the credentials (see vault.ts); never the plain secret. */
  @Column({ name: 'sealed_credentials', type: 'text' }) sealedCredentials!: string;
  /** Sealed provider session (e.g. a marketplace's OAuth tokens), rotated under a row lock. */
  @Column({ name: 'sealed_session', type: 'text', nullable: true }) sealedSession!: string | null;
  @Column({ name: 'daily_quota', type: 'integer', nullable: true }) dailyQuota!: number | null;
  @Column({ type: 'text', default: 'ACTIVE' }) status!: 'ACTIVE' | 'COOLING_DOWN' | 'EXHAUSTED' | 'DISABLED' | 'NEEDS_CONSENT';
  @Column({ name: 'consecutive_errors', type: 'integer', default: 0 }) consecutiveErrors!: number;
  @Column({ name: 'disabled_reason', type: 'text', nullable: true }) disabledReason!: string | null;
  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true }) lastUsedAt!: Date | null;
  /** Per-key overrides of the provider's default rate limit and of LLM token windows. */
  @Column({ name: 'rate_per_second', type: 'double precision', nullable: true }) ratePerSecond!: number | null;
  @Column({ name: 'rate_burst', type: 'integer', nullable: true }) rateBurst!: number | null;
  @Column({ name: 'tokens_per_minute', type: 'integer', nullable: true }) tokensPerMinute!: number | null;
  @Column({ name: 'tokens_per_day', type: 'integer', nullable: true }) tokensPerDay!: number | null;
  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true }) disabledAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
