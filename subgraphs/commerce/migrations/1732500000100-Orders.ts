import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Orders1732500000100 implements MigrationInterface {
  name = 'Orders1732500000100';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE orders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id text NOT NULL,
        marketplace text NOT NULL,
        external_id text NOT NULL,
        status text NOT NULL,
        marketplace_status text NOT NULL,
        ordered_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        buyer_name text NOT NULL,
        total_amount numeric(14, 2) NOT NULL,
        currency text NOT NULL,
        items jsonb NOT NULL,
        tracking_refs jsonb NOT NULL DEFAULT '[]',
        UNIQUE (tenant_id, marketplace, external_id)
      )`);
    // Keyset pagination walks (ordered_at DESC, id DESC) within a tenant.
    await runner.query('CREATE INDEX orders_page ON orders (tenant_id, ordered_at DESC, id DESC)');
    await runner.query(`
      CREATE TABLE order_sync_state (
        tenant_id text NOT NULL,
        marketplace text NOT NULL,
        synced_until timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, marketplace)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE order_sync_state');
    await runner.query('DROP TABLE orders');
  }
}
