import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OrderShipmentUpdatedAt1732700000100 implements MigrationInterface {
  name = 'OrderShipmentUpdatedAt1732700000100';

  async up(runner: QueryRunner): Promise<void> {
    // The newest carrier update applied to the order's parcels: orders.updated_at moves with it (so a client that
    // reconnects finds the change with updatedAfter), and replicas use it to publish each update once.
    await runner.query('ALTER TABLE orders ADD COLUMN shipment_updated_at timestamptz NULL');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE orders DROP COLUMN shipment_updated_at');
  }
}
