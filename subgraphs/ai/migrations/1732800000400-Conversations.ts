import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Conversations1732800000400 implements MigrationInterface {
  name = 'Conversations1732800000400';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE conversations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id text NOT NULL,
        title text NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE chat_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        tenant_id text NOT NULL,
        seq bigserial NOT NULL,
        role text NOT NULL CHECK (role IN ('USER', 'ASSISTANT')),
        text text NOT NULL,
        model text NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A conversation's messages are read in seq order, from the start or after a given message.
    await runner.query('CREATE UNIQUE INDEX chat_messages_order ON chat_messages (conversation_id, seq)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE chat_messages');
    await runner.query('DROP TABLE conversations');
  }
}
