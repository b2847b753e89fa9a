// Every provider call is recorded (tenant, key, provider, operation, outcome, latency, tokens, cost) in
// batches: a buffer flushed every second or at 200 rows, and on shutdown, so nothing is lost on a clean stop.
import type { DataSource } from 'typeorm';

export type CallOutcome = 'ok' | 'rate_limited' | 'auth' | 'error' | 'client_error';

export interface CallRecord {
  at: Date;
  tenantId: string;
  keyId: string | null;
  provider: string;
  operation: string;
  outcome: CallOutcome;
  latencyMs: number;
  inputTokens?: number;
  outputTokens?: number;
  costUsd?: number;
}

export class UsageRecorder {
  private buffer: CallRecord[] = [];
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly db: DataSource, private readonly options: { flushMs?: number; maxBatch?: number } = {}) {
    this.timer = setInterval(() => void this.flush(), options.flushMs ?? 1000);
    this.timer.unref();
  }

  record(call: CallRecord): void {
    this.buffer.push(call);
    if (this.buffer.length >= (this.options.maxBatch ?? 200)) void this.flush();
  }

  /** Writes what is buffered; flushes are serialised so rows are never written twice or dropped. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write()).catch(() => undefined);
    return this.flushing;
  }

  private async write(): Promise<void> {
    if (!this.buffer.length) return;
    const batch = this.buffer;
    this.buffer = [];
    const values: unknown[] = [];
    const rows = batch.map((call, i) => {
      values.push(call.at, call.tenantId, call.keyId, call.provider, call.operation, call.outcome, Math.round(call.latencyMs),
        call.inputTokens ?? 0, call.outputTokens ?? 0, call.costUsd ?? 0);
      const base = i * 10;
      return `(${Array.from({ length: 10 }, (_, j) => `$${base + j + 1}`).join(', ')})`;
    });
    try {
      await this.db.query(
        `INSERT INTO api_calls (at, tenant_id, key_id, provider, operation, outcome, latency_ms, input_tokens, output_tokens, cost_usd)
         VALUES ${rows.join(', ')}`,
        values,
      );
      const lastUse = new Map<string, Date>();
      for (const call of batch) if (call.keyId && call.outcome === 'ok') lastUse.set(call.keyId, call.at);
      for (const [keyId, at] of lastUse) {
        await this.db.query('UPDATE provider_keys SET last_used_at = GREATEST(COALESCE(last_used_at, $2), $2) WHERE id = $1', [keyId, at]);
      }
    } catch (error) {
      // Keep the rows for the next flush rather than lose them to a passing database hiccup.
      this.buffer = batch.concat(this.buffer);
      throw error;
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    if (this.buffer.length) await this.write();
  }
}
