import type { MigrationInterface, QueryRunner } from 'typeorm';

// Open Banking's bank_tran_id counter (providers/openbanking/README.md "bank_tran_id"): one row per institution code
// and Korean day, incremented atomically, so every replica draws a different number the same day.
export class OpenBanking1733200000300 implements MigrationInterface {
  name = 'OpenBanking1733200000300';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE openbanking_tran_ids (
        org_code text NOT NULL,
        day text NOT NULL,
        last integer NOT NULL,
        PRIMARY KEY (org_code, day)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE openbanking_tran_ids');
  }
}
