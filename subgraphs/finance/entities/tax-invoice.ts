import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One order's tax invoice (issueTaxInvoice, tax-invoices.ts). `DRAFT` is an issue in flight: the row is the claim
 * that makes concurrent issues of one order wait for the first (unique per tenant and order).
 */
@Entity({ name: 'tax_invoices' })
export class TaxInvoiceEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'tenant_id', type: 'text' }) tenantId!: string;
  @Column({ name: 'order_id', type: 'uuid' }) orderId!: string;
  @Column({ type: 'text' }) status!: string;
  @Column({ name: 'nts_confirm_number', type: 'text', nullable: true }) ntsConfirmNumber!: string | null;
  @Column({ name: 'issued_at', type: 'timestamptz' }) issuedAt!: Date;
  /** Popbill's 문서번호: derived from the tenant and the order, so every attempt of one order uses the same. */
  @Column({ name: 'mgt_key', type: 'text', nullable: true }) mgtKey!: string | null;
  @Column({ name: 'supply_amount', type: 'bigint', nullable: true, transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) } }) supplyAmount!: number | null;
  @Column({ name: 'tax_amount', type: 'bigint', nullable: true, transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) } }) taxAmount!: number | null;
  @Column({ name: 'buyer_corp_num', type: 'text', nullable: true }) buyerCorpNum!: string | null;
  @Column({ name: 'buyer_corp_name', type: 'text', nullable: true }) buyerCorpName!: string | null;
  @Column({ name: 'buyer_ceo_name', type: 'text', nullable: true }) buyerCeoName!: string | null;
  @Column({ name: 'buyer_email', type: 'text', nullable: true }) buyerEmail!: string | null;
  @Column({ type: 'text', nullable: true }) actor!: string | null;
  @Column({ name: 'claimed_at', type: 'timestamptz', nullable: true }) claimedAt!: Date | null;
  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true }) cancelledAt!: Date | null;
}
