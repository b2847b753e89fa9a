import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Each tenant's LLM choice (llm/settings.ts) and the insight cache (insights/cache.ts). */
export class AiSettingsAndInsights1732800000500 implements MigrationInterface {
  name = 'AiSettingsAndInsights1732800000500';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE tenant_ai_settings (
        tenant_id text PRIMARY KEY,
        preferred_provider text NOT NULL CHECK (preferred_provider IN ('OPENAI', 'ANTHROPIC')),
        openai_model text NOT NULL,
        anthropic_model text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE order_insights (
        tenant_id text NOT NULL,
        order_id text NOT NULL,
        version text NOT NULL,
        summary text NOT NULL,
        sentiment text NOT NULL CHECK (sentiment IN ('POSITIVE', 'NEUTRAL', 'NEGATIVE')),
        provider text NOT NULL,
        model text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, order_id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE order_insights');
    await runner.query('DROP TABLE tenant_ai_settings');
  }
}
