// Usage reports and the rotation log, read from what the key resolver recorded.
import type { Provider } from '../../platform/graphql/enums';
import type { KeysContext } from './context';
import { toApiKey } from './mapping';
import type { ApiKeyRotation, ApiUsageReport } from './schema/types';

export async function usageReport(ctx: KeysContext, from: Date, to: Date, provider: Provider | null): Promise<ApiUsageReport[]> {
  // Calls still in this process's buffer belong in the report.
  await ctx.keyring.flushUsage();
  const rows: Array<Record<string, string | null>> = await ctx.keyring.db.query(
    `SELECT provider, key_id,
            count(*) AS calls,
            count(*) FILTER (WHERE outcome IN ('error', 'auth')) AS errors,
            count(*) FILTER (WHERE outcome = 'rate_limited') AS rate_limited,
            coalesce(sum(input_tokens), 0) AS input_tokens,
            coalesce(sum(output_tokens), 0) AS output_tokens,
            coalesce(sum(cost_usd), 0) AS cost_usd,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95
       FROM api_calls
      WHERE tenant_id = $1 AND at >= $2 AND at < $3 AND ($4::text IS NULL OR provider = $4)
      GROUP BY GROUPING SETS ((provider), (provider, key_id))`,
    [ctx.identity.tenant, from, to, provider],
  );
  const keys = new Map((await ctx.keyring.listKeys(ctx.identity.tenant)).map((key) => [key.id, toApiKey(key)]));
  const reports = new Map<string, ApiUsageReport>();
  for (const row of rows.filter((r) => r.key_id === null)) {
    reports.set(row.provider!, {
      provider: row.provider as Provider, calls: Number(row.calls), errors: Number(row.errors), rateLimited: Number(row.rate_limited),
      p95LatencyMs: Math.round(Number(row.p95 ?? 0)), inputTokens: Number(row.input_tokens), outputTokens: Number(row.output_tokens),
      costUsd: Number(row.cost_usd), byKey: [],
    });
  }
  for (const row of rows.filter((r) => r.key_id !== null)) {
    // Shared-pool keys are not shown to tenants; their calls still count in the provider's totals.
    const key = keys.get(row.key_id!);
    if (key) reports.get(row.provider!)?.byKey.push({ key, calls: Number(row.calls), errors: Number(row.errors) });
  }
  return [...reports.values()].sort((a, b) => a.provider.localeCompare(b.provider));
}

export async function rotationLog(ctx: KeysContext, provider: Provider | null, first: number): Promise<ApiKeyRotation[]> {
  const rows: Array<{ at: Date; provider: Provider; from_key_id: string | null; to_key_id: string | null; reason: string }> =
    await ctx.keyring.db.query(
      `SELECT at, provider, from_key_id, to_key_id, reason FROM key_rotations
        WHERE tenant_id = $1 AND ($2::text IS NULL OR provider = $2) ORDER BY at DESC, id DESC LIMIT $3`,
      [ctx.identity.tenant, provider, first],
    );
  return rows.map((row) => ({ at: row.at, provider: row.provider, fromKeyId: row.from_key_id, toKeyId: row.to_key_id, reason: row.reason }));
}
