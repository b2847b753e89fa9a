import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ProviderKeys1732500000000 implements MigrationInterface {
  name = 'ProviderKeys1732500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE provider_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id text NULL,
        provider text NOT NULL,
        label text NOT NULL,
        scope text NOT NULL CHECK (scope IN ('TENANT', 'SHARED')),
        last4 text NOT NULL,
        sealed_credentials text NOT NULL,
        sealed_session text NULL,
        daily_quota integer NULL CHECK (daily_quota IS NULL OR daily_quota >= 0),
        status text NOT NULL DEFAULT 'ACTIVE',
        consecutive_errors integer NOT NULL DEFAULT 0,
        disabled_reason text NULL,
        last_used_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((scope = 'SHARED') = (tenant_id IS NULL))
      )`);
    await runner.query(`CREATE INDEX provider_keys_lookup ON provider_keys (provider, tenant_id, status)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE provider_keys');
  }
}
