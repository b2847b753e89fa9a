import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OrderClaims1733000000100 implements MigrationInterface {
  name = 'OrderClaims1733000000100';

  async up(runner: QueryRunner): Promise<void> {
    // Claims are always read with their order and written by the same upsert, so a claim change is an order
    // change (one row, one order.changed event); a jsonb array keeps that one statement.
    await runner.query(`ALTER TABLE orders ADD COLUMN claims jsonb NOT NULL DEFAULT '[]',
      ADD COLUMN receiver_address_changed boolean NOT NULL DEFAULT false`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE orders DROP COLUMN claims, DROP COLUMN receiver_address_changed');
  }
}
