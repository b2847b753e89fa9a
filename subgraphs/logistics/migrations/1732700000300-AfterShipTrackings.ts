import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AfterShipTrackings1732700000300 implements MigrationInterface {
  name = 'AfterShipTrackings1732700000300';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE aftership_trackings (
        tenant_id text NOT NULL,
        slug text NOT NULL,
        tracking_number text NOT NULL,
        aftership_id text NOT NULL,
        tag text NOT NULL,
        shipment jsonb NOT NULL,
        provider_updated_at timestamptz NOT NULL,
        checkpoint_count integer NOT NULL,
        last_event_id text NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, slug, tracking_number)
      )`);
    await runner.query(`
      CREATE TABLE aftership_webhook_events (
        event_id text PRIMARY KEY,
        tenant_id text NOT NULL,
        event text NOT NULL,
        slug text NOT NULL,
        tracking_number text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE aftership_webhook_events');
    await runner.query('DROP TABLE aftership_trackings');
  }
}
