import type { MigrationInterface, QueryRunner } from 'typeorm';

// Who cancelled what (cancelPayment), and the PortOne webhooks already applied (webhook-id, per tenant).
export class PaymentCancellations1733100000200 implements MigrationInterface {
  name = 'PaymentCancellations1733100000200';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE payment_cancellations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id text NOT NULL,
        order_id uuid NOT NULL,
        provider text NOT NULL,
        payment_ref text NOT NULL,
        amount integer NOT NULL CHECK (amount > 0),
        reason text NOT NULL,
        actor text NOT NULL,
        idempotency_key text NOT NULL,
        status text NOT NULL,
        balance_before integer NOT NULL,
        failure text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        claimed_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz NULL,
        UNIQUE (tenant_id, idempotency_key)
      )`);
    // One cancel in flight per order, across replicas: a second waits for the first, then sees what is left.
    await runner.query(`CREATE UNIQUE INDEX payment_cancellations_one_pending ON payment_cancellations (tenant_id, order_id) WHERE status = 'PENDING'`);
    await runner.query(`CREATE INDEX payment_cancellations_order ON payment_cancellations (tenant_id, order_id, created_at)`);
    await runner.query(`
      CREATE TABLE portone_webhook_events (
        tenant_id text NOT NULL,
        webhook_id text NOT NULL,
        type text NOT NULL,
        payment_id text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, webhook_id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE portone_webhook_events');
    await runner.query('DROP TABLE payment_cancellations');
  }
}
