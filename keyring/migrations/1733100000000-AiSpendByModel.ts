import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * LLM usage per provider and model: the model that answered each call, and a tenant's monthly cap per LLM provider
 * inside its AI budget (issue 15, "Two LLM providers, one budget").
 */
export class AiSpendByModel1733100000000 implements MigrationInterface {
  name = 'AiSpendByModel1733100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE api_calls ADD COLUMN model text NULL');
    await runner.query(`
      CREATE TABLE tenant_ai_provider_budgets (
        tenant_id text NOT NULL,
        provider text NOT NULL,
        monthly_budget_usd numeric(12, 2) NOT NULL CHECK (monthly_budget_usd >= 0),
        PRIMARY KEY (tenant_id, provider)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE tenant_ai_provider_budgets');
    await runner.query('ALTER TABLE api_calls DROP COLUMN model');
  }
}
