// Every provider call is recorded (tenant, key, provider, operation, outcome, latency, tokens, cost) in
// batches: a buffer flushed every second or at 2000 rows, and on shutdown, so nothing is lost on a clean stop.
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
  /** The LLM model that answered (as the provider named it), for usage per provider and model. */
  model?: string;
  inputTokens?: number;
  outputTokens?: number;
  costUsd?: number;
}

/** Outcomes whose quota unit was kept: a throttled or refused call gave its unit back (resolver.ts). */
export const QUOTA_OUTCOMES: readonly CallOutcome[] = ['ok', 'error', 'client_error'];

export class UsageRecorder {
  private buffer: CallRecord[] = [];
  /** The batch being written: still counted by pendingCalls until it is in the table. */
  private writing: CallRecord[] = [];
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: DataSource,
    private readonly options: { flushMs?: number; maxBatch?: number; onError?: (error: unknown, rows: number) => void } = {},
  ) {
    this.timer = setInterval(() => void this.flush(), options.flushMs ?? 1000);
    this.timer.unref();
  }

  record(call: CallRecord): void {
    this.buffer.push(call);
    if (this.buffer.length >= (this.options.maxBatch ?? 2000)) void this.flush();
  }

  /** Writes what is buffered; flushes are serialised so rows are never written twice or dropped. */
  flush(): Promise<void> {
    this.flushing = this.flushing
      .then(() => this.write())
      // The rows stay buffered for the next flush; the failure is the operator's to see, not the caller's.
      .catch((error) => this.options.onError?.(error, this.buffer.length));
    return this.flushing;
  }

  /** This process's calls of the key on that UTC day not yet in the table, which spent a quota unit. */
  pendingCalls(keyId: string, day: string): number {
    let count = 0;
    for (const call of [...this.writing, ...this.buffer]) {
      if (call.keyId === keyId && QUOTA_OUTCOMES.includes(call.outcome) && call.at.toISOString().startsWith(day)) count += 1;
    }
    return count;
  }

  private async write(): Promise<void> {
    if (!this.buffer.length) return;
    const batch = this.buffer;
    this.buffer = [];
    this.writing = batch;
    try {
      // One statement with an array per column: cheap to build however many rows the batch holds.
      await this.db.query(
        `INSERT INTO api_calls (at, tenant_id, key_id, provider, operation, outcome, latency_ms, input_tokens, output_tokens, cost_usd, model)
         SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[], $9::int[], $10::numeric[], $11::text[])`,
        [
          batch.map((c) => c.at), batch.map((c) => c.tenantId), batch.map((c) => c.keyId), batch.map((c) => c.provider),
          batch.map((c) => c.operation), batch.map((c) => c.outcome), batch.map((c) => Math.round(c.latencyMs)),
          batch.map((c) => c.inputTokens ?? 0), batch.map((c) => c.outputTokens ?? 0), batch.map((c) => c.costUsd ?? 0),
          batch.map((c) => c.model ?? null),
        ],
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
    } finally {
      this.writing = [];
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    if (this.buffer.length) await this.write();
  }
}
