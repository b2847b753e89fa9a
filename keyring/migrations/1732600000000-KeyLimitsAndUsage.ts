import type { MigrationInterface, QueryRunner } from 'typeorm';

export class KeyLimitsAndUsage1732600000000 implements MigrationInterface {
  name = 'KeyLimitsAndUsage1732600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE provider_keys
        ADD COLUMN rate_per_second double precision NULL CHECK (rate_per_second IS NULL OR rate_per_second > 0),
        ADD COLUMN rate_burst integer NULL CHECK (rate_burst IS NULL OR rate_burst >= 1),
        ADD COLUMN tokens_per_minute integer NULL CHECK (tokens_per_minute IS NULL OR tokens_per_minute > 0),
        ADD COLUMN tokens_per_day integer NULL CHECK (tokens_per_day IS NULL OR tokens_per_day > 0),
        ADD COLUMN disabled_at timestamptz NULL`);
    await runner.query(`
      CREATE TABLE api_calls (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        tenant_id text NOT NULL,
        key_id uuid NULL,
        provider text NOT NULL,
        operation text NOT NULL,
        outcome text NOT NULL,
        latency_ms integer NOT NULL,
        input_tokens integer NOT NULL DEFAULT 0,
        output_tokens integer NOT NULL DEFAULT 0,
        cost_usd numeric(14, 6) NOT NULL DEFAULT 0
      )`);
    await runner.query('CREATE INDEX api_calls_report ON api_calls (tenant_id, provider, at)');
    await runner.query(`
      CREATE TABLE key_rotations (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        tenant_id text NOT NULL,
        provider text NOT NULL,
        from_key_id uuid NULL,
        to_key_id uuid NULL,
        reason text NOT NULL
      )`);
    await runner.query('CREATE INDEX key_rotations_report ON key_rotations (tenant_id, provider, at DESC)');
    await runner.query(`
      CREATE TABLE tenant_ai_budgets (
        tenant_id text PRIMARY KEY,
        monthly_budget_usd numeric(12, 2) NOT NULL CHECK (monthly_budget_usd >= 0)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE tenant_ai_budgets');
    await runner.query('DROP TABLE key_rotations');
    await runner.query('DROP TABLE api_calls');
    await runner.query(`ALTER TABLE provider_keys DROP COLUMN rate_per_second, DROP COLUMN rate_burst,
      DROP COLUMN tokens_per_minute, DROP COLUMN tokens_per_day, DROP COLUMN disabled_at`);
  }
}
