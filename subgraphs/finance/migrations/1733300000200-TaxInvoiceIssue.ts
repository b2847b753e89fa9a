import type { MigrationInterface, QueryRunner } from 'typeorm';

/** issueTaxInvoice through Popbill: the management key, amounts, buyer and the in-flight claim. */
export class TaxInvoiceIssue1733300000200 implements MigrationInterface {
  name = 'TaxInvoiceIssue1733300000200';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE tax_invoices
        ADD COLUMN mgt_key text NULL,
        ADD COLUMN supply_amount bigint NULL,
        ADD COLUMN tax_amount bigint NULL,
        ADD COLUMN buyer_corp_num text NULL,
        ADD COLUMN buyer_corp_name text NULL,
        ADD COLUMN buyer_ceo_name text NULL,
        ADD COLUMN buyer_email text NULL,
        ADD COLUMN actor text NULL,
        ADD COLUMN claimed_at timestamptz NULL,
        ADD COLUMN cancelled_at timestamptz NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE tax_invoices DROP COLUMN mgt_key, DROP COLUMN supply_amount, DROP COLUMN tax_amount,
        DROP COLUMN buyer_corp_num, DROP COLUMN buyer_corp_name, DROP COLUMN buyer_ceo_name, DROP COLUMN buyer_email,
        DROP COLUMN actor, DROP COLUMN claimed_at, DROP COLUMN cancelled_at`);
  }
}
