import type { MigrationInterface, QueryRunner } from 'typeorm';

// Open Banking's bank_tran_id counter (providers/openbanking/README.md "bank_tran_id"): one row per institution code
// and Korean day, incremented atomically, so every replica draws a different number the same day. Reconciliation
// (bank/reconcile.ts): the deposits seen, and at most one match per deposit and per order, across replicas.
export class OpenBanking1733200000300 implements MigrationInterface {
  name = 'OpenBanking1733200000300';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE openbanking_tran_ids (
        org_code text NOT NULL,
        day text NOT NULL,
        last integer NOT NULL,
        PRIMARY KEY (org_code, day)
      )`);
    await runner.query(`
      CREATE TABLE bank_deposits (
        tenant_id text NOT NULL,
        transaction_id text NOT NULL,
        account_id text NOT NULL,
        at timestamptz NOT NULL,
        amount bigint NOT NULL,
        depositor text NOT NULL,
        PRIMARY KEY (tenant_id, transaction_id)
      )`);
    await runner.query(`
      CREATE TABLE bank_deposit_matches (
        tenant_id text NOT NULL,
        transaction_id text NOT NULL,
        order_id uuid NOT NULL,
        matched_by text NOT NULL,
        matched_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, transaction_id),
        UNIQUE (tenant_id, order_id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE bank_deposit_matches');
    await runner.query('DROP TABLE bank_deposits');
    await runner.query('DROP TABLE openbanking_tran_ids');
  }
}
