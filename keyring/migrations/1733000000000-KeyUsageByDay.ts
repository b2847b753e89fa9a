import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Rebuilding a key's day from the usage log (when Redis lost its counters) reads calls by key and time. */
export class KeyUsageByDay1733000000000 implements MigrationInterface {
  name = 'KeyUsageByDay1733000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE INDEX api_calls_by_key ON api_calls (key_id, at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX api_calls_by_key');
  }
}
