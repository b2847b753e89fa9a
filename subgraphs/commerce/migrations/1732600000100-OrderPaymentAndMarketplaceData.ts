import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OrderPaymentAndMarketplaceData1732600000100 implements MigrationInterface {
  name = 'OrderPaymentAndMarketplaceData1732600000100';

  async up(runner: QueryRunner): Promise<void> {
    // Marketplace-paid orders carry their payment in the marketplace's order data; marketplace_data keeps the
    // ids each marketplace's own actions need (product order ids, shipment boxes, delivery numbers).
    await runner.query(`ALTER TABLE orders ADD COLUMN payment jsonb NULL, ADD COLUMN marketplace_data jsonb NOT NULL DEFAULT '{}'`);
    await runner.query('CREATE INDEX orders_updated ON orders (tenant_id, updated_at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX orders_updated');
    await runner.query('ALTER TABLE orders DROP COLUMN payment, DROP COLUMN marketplace_data');
  }
}
