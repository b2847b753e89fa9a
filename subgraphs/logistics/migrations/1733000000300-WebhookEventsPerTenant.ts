import type { MigrationInterface, QueryRunner } from 'typeorm';

/** AfterShip's event ids are unique per account, not across accounts: one tenant's id must not suppress another's. */
export class WebhookEventsPerTenant1733000000300 implements MigrationInterface {
  name = 'WebhookEventsPerTenant1733000000300';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE aftership_webhook_events DROP CONSTRAINT aftership_webhook_events_pkey');
    await runner.query('ALTER TABLE aftership_webhook_events ADD PRIMARY KEY (tenant_id, event_id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE aftership_webhook_events DROP CONSTRAINT aftership_webhook_events_pkey');
    await runner.query('ALTER TABLE aftership_webhook_events ADD PRIMARY KEY (event_id)');
  }
}
