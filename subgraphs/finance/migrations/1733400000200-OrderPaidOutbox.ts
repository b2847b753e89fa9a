import type { MigrationInterface, QueryRunner } from 'typeorm';

// Reconciliation no longer writes commerce's orders (bank/paid-outbox.ts): a match whose order commerce has not yet
// confirmed PAID has order_paid_at NULL and is asked again. Matches made before this marked their order in the same
// transaction, so they are confirmed already.
export class OrderPaidOutbox1733400000200 implements MigrationInterface {
  name = 'OrderPaidOutbox1733400000200';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE bank_deposit_matches ADD COLUMN order_paid_at timestamptz NULL');
    await runner.query('UPDATE bank_deposit_matches SET order_paid_at = matched_at');
    await runner.query('CREATE INDEX bank_deposit_matches_unconfirmed ON bank_deposit_matches (matched_at) WHERE order_paid_at IS NULL');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX bank_deposit_matches_unconfirmed');
    await runner.query('ALTER TABLE bank_deposit_matches DROP COLUMN order_paid_at');
  }
}
