import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TaxInvoices1732500000200 implements MigrationInterface {
  name = 'TaxInvoices1732500000200';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE tax_invoices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id text NOT NULL,
        order_id uuid NOT NULL,
        status text NOT NULL,
        nts_confirm_number text NULL,
        issued_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, order_id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE tax_invoices');
  }
}
