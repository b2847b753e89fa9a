import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'tax_invoices' })
export class TaxInvoiceEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'tenant_id', type: 'text' }) tenantId!: string;
  @Column({ name: 'order_id', type: 'uuid' }) orderId!: string;
  @Column({ type: 'text' }) status!: string;
  @Column({ name: 'nts_confirm_number', type: 'text', nullable: true }) ntsConfirmNumber!: string | null;
  @Column({ name: 'issued_at', type: 'timestamptz' }) issuedAt!: Date;
}
