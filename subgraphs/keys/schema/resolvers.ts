import { GraphQLError } from 'graphql';
import { Arg, Ctx, Directive, Float, ID, Int, Mutation, Query, Resolver, Authorized } from 'type-graphql';
import { DateTime } from '../../../platform/graphql/scalars';
import { Provider } from '../../../platform/graphql/enums';
import { badUserInput } from '../../../platform/errors';
import { INPUT_LIMITS, checkCredentials, checkLength } from '../../../platform/input-limits';
import { hasRole, requireRole } from '../../../platform/identity';
import { toApiKey } from '../mapping';
import { ProviderError } from '../../../providers/errors';
import { PROVIDER_REGISTRY } from '../../../providers/registry';
import type { KeysContext } from '../context';
import { PROBES } from '../probes';
import { usageReport, rotationLog } from '../reports';
import {
  AddApiKeyInput, ApiKey, ApiKeyRotation, ApiKeyScope, ApiKeyTestResult, ApiUsageReport, ProviderInfo, UpdateApiKeyInput,
} from './types';

/** Admins manage their tenant's keys; only `platform` manages the shared pool. */
function owner(ctx: KeysContext) {
  requireRole(ctx.identity, 'admin');
  return { tenantId: ctx.identity.tenant, platform: hasRole(ctx.identity, 'platform') };
}

/** Providers whose keys are connected through the account owner's consent page (their descriptor's oauthCallback). */
const consentProviders: ReadonlySet<Provider> = new Set(
  PROVIDER_REGISTRY.filter((descriptor) => 'oauthCallback' in descriptor && descriptor.oauthCallback).map((descriptor) => descriptor.name),
);

/** The registry as clients see it (the console builds its key form from it): the same for every caller. */
const PROVIDER_INFOS: ProviderInfo[] = PROVIDER_REGISTRY.map((descriptor) => ({
  provider: descriptor.name,
  served: descriptor.served,
  marketplace: 'marketplace' in descriptor && descriptor.marketplace === true,
  credentialFields: Object.keys(descriptor.credentials.shape),
  secretField: descriptor.secretField,
  defaultDailyQuota: descriptor.limits.dailyQuota,
}));

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Authorized()
  @Query(() => [ProviderInfo], { description: 'Every provider opsgraph knows, in registry order, with the credentials a key for it holds.' })
  providers(): ProviderInfo[] {
    return PROVIDER_INFOS;
  }

  @Authorized('admin')
  @Query(() => [ApiKey], { description: "The tenant's own provider keys, or the shared pool (platform only)." })
  async apiKeys(
    @Ctx() ctx: KeysContext,
    @Arg('provider', () => Provider, { nullable: true }) provider: Provider | null,
    @Arg('scope', () => ApiKeyScope, { defaultValue: ApiKeyScope.TENANT }) scope: ApiKeyScope,
  ): Promise<ApiKey[]> {
    requireRole(ctx.identity, scope === ApiKeyScope.SHARED ? 'platform' : 'admin');
    const tenantId = scope === ApiKeyScope.SHARED ? null : ctx.identity.tenant;
    return (await ctx.keyring.listKeys(tenantId, provider ?? undefined)).map(toApiKey);
  }

  @Authorized('admin')
  @Mutation(() => ApiKey)
  async addApiKey(@Ctx() ctx: KeysContext, @Arg('input', () => AddApiKeyInput) input: AddApiKeyInput): Promise<ApiKey> {
    requireRole(ctx.identity, input.scope === ApiKeyScope.SHARED ? 'platform' : 'admin');
    if (!input.label.trim()) throw badUserInput('"label" must not be empty', 'label');
    checkLength('label', input.label, INPUT_LIMITS.keyLabel);
    checkCredentials('credentials', input.credentials);
    if (input.dailyQuota != null && input.dailyQuota < 0) throw badUserInput('"dailyQuota" must not be negative', 'dailyQuota');
    const key = await ctx.keyring.addKey({
      tenantId: input.scope === ApiKeyScope.SHARED ? null : ctx.identity.tenant,
      provider: input.provider,
      label: input.label.trim(),
      dailyQuota: input.dailyQuota,
      credentials: input.credentials,
      // A provider whose calls need the account owner's consent (an OAuth callback) gets no tokens from credentials
      // alone: the key waits for consent (its connect / reconnect mutation gives the authorize URL) instead of
      // being taken for an active one that fails its first call.
      status: consentProviders.has(input.provider) ? 'NEEDS_CONSENT' : undefined,
    });
    return toApiKey(key);
  }

  @Authorized('admin')
  @Mutation(() => ApiKey, { description: 'Changes label, quota or limits; credentials are replaced by adding a new key.' })
  async updateApiKey(
    @Ctx() ctx: KeysContext,
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateApiKeyInput) input: UpdateApiKeyInput,
  ): Promise<ApiKey> {
    checkLength('label', input.label, INPUT_LIMITS.keyLabel);
    return toApiKey(await ctx.keyring.updateKey(id, owner(ctx), { ...input }));
  }

  @Authorized('admin')
  @Mutation(() => ApiKey)
  async enableApiKey(@Ctx() ctx: KeysContext, @Arg('id', () => ID) id: string): Promise<ApiKey> {
    return toApiKey(await ctx.keyring.setEnabled(id, owner(ctx), true));
  }

  @Authorized('admin')
  @Mutation(() => ApiKey)
  async disableApiKey(
    @Ctx() ctx: KeysContext,
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
  ): Promise<ApiKey> {
    checkLength('reason', reason, INPUT_LIMITS.reason);
    return toApiKey(await ctx.keyring.setEnabled(id, owner(ctx), false, reason?.trim() || 'disabled by an administrator'));
  }

  @Authorized('admin')
  @Mutation(() => ID, { description: 'Deletes the key and its sealed credentials; returns its id.' })
  async deleteApiKey(@Ctx() ctx: KeysContext, @Arg('id', () => ID) id: string): Promise<string> {
    await ctx.keyring.deleteKey(id, owner(ctx));
    return id;
  }

  @Authorized('admin')
  @Mutation(() => ApiKey, { description: "Clears today's count, cool-down and error streak of a key." })
  async resetApiKeyUsage(@Ctx() ctx: KeysContext, @Arg('id', () => ID) id: string): Promise<ApiKey> {
    return toApiKey(await ctx.keyring.resetUsage(id, owner(ctx)));
  }

  @Authorized('admin')
  @Mutation(() => ApiKeyTestResult, { description: "Makes the provider's cheapest authenticated call with this key." })
  @Directive('@rateLimit(window: "1m", max: 10)')
  async testApiKey(@Ctx() ctx: KeysContext, @Arg('id', () => ID) id: string): Promise<ApiKeyTestResult> {
    const key = await ctx.keyring.leaseOf(id, owner(ctx));
    const probe = PROBES[key.provider];
    if (!probe) return { ok: false, latencyMs: 0, error: `Testing ${key.provider} keys is not supported yet` };
    const started = performance.now();
    try {
      // Through the resolver like any call (quota, rate, breaker, usage log), pinned to this one key.
      await ctx.keyring.call({ tenantId: ctx.identity.tenant, provider: key.provider, operation: 'testApiKey', key }, (lease) =>
        probe(ctx.probeBaseUrls, lease.credentials, ctx.providerSettings, {
          read: () => ctx.keyring.readSession(key.id), update: (update) => ctx.keyring.updateSession(key.id, update),
        }));
      return { ok: true, latencyMs: Math.round(performance.now() - started), error: null };
    } catch (error) {
      // The resolver's own refusals (QUOTA_EXHAUSTED, RATE_LIMITED, PROVIDER_UNAVAILABLE) are the answer as they are.
      if (error instanceof GraphQLError) throw error;
      // ProviderError messages never carry a credential; anything else is reported by kind only.
      const message = error instanceof ProviderError ? error.message : 'the call failed';
      return { ok: false, latencyMs: Math.round(performance.now() - started), error: message };
    }
  }

  @Authorized('admin')
  @Query(() => [ApiUsageReport], { description: 'Provider calls of this tenant between from and to, per provider and key.' })
  async apiUsage(
    @Ctx() ctx: KeysContext,
    @Arg('from', () => DateTime) from: Date,
    @Arg('to', () => DateTime) to: Date,
    @Arg('provider', () => Provider, { nullable: true }) provider: Provider | null,
  ): Promise<ApiUsageReport[]> {
    if (!(from < to)) throw badUserInput('"from" must be before "to"', 'from');
    return usageReport(ctx, from, to, provider);
  }

  @Authorized('admin')
  @Query(() => [ApiKeyRotation], { description: 'Why the resolver moved calls between keys, newest first.' })
  async apiKeyRotations(
    @Ctx() ctx: KeysContext,
    @Arg('provider', () => Provider, { nullable: true }) provider: Provider | null,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
  ): Promise<ApiKeyRotation[]> {
    if (first < 1 || first > 500) throw badUserInput(`"first" must be between 1 and 500, but got ${first}`, 'first');
    return rotationLog(ctx, provider, first);
  }

  @Authorized('admin')
  @Mutation(() => Float, { nullable: true, description: "Sets the tenant's monthly AI spend budget in USD (null: none)." })
  async setAiBudget(
    @Ctx() ctx: KeysContext,
    @Arg('monthlyUsd', () => Float, { nullable: true }) monthlyUsd: number | null,
  ): Promise<number | null> {
    if (monthlyUsd !== null && !(monthlyUsd >= 0)) throw badUserInput('"monthlyUsd" must not be negative', 'monthlyUsd');
    await ctx.keyring.setAiBudget(ctx.identity.tenant, monthlyUsd);
    return monthlyUsd;
  }
}
