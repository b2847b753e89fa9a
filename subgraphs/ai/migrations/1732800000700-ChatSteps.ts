import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The assistant's look-ups: what each reply cited, and every step (model turn, tool call) that led to it. */
export class ChatSteps1732800000700 implements MigrationInterface {
  name = 'ChatSteps1732800000700';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query("ALTER TABLE chat_messages ADD COLUMN citations text[] NOT NULL DEFAULT '{}'");
    await runner.query(`
      CREATE TABLE chat_steps (
        message_id uuid NOT NULL REFERENCES chat_messages (id) ON DELETE CASCADE,
        tenant_id text NOT NULL,
        index int NOT NULL,
        kind text NOT NULL CHECK (kind IN ('MODEL', 'TOOL')),
        provider text NULL,
        model text NULL,
        tool text NULL,
        input jsonb NULL,
        summary text NOT NULL,
        is_error boolean NOT NULL DEFAULT false,
        prompt_tokens int NOT NULL DEFAULT 0,
        completion_tokens int NOT NULL DEFAULT 0,
        PRIMARY KEY (message_id, index)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE chat_steps');
    await runner.query('ALTER TABLE chat_messages DROP COLUMN citations');
  }
}
