import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Provider } from '../../../platform/graphql/enums';
import { badUserInput } from '../../../platform/errors';
import { requireRole } from '../../../platform/identity';
import type { KeyView } from '../../../keyring/keyring';
import type { KeysContext } from '../context';
import { AddApiKeyInput, ApiKey, ApiKeyScope, ApiKeyStatus } from './types';

function toApiKey(key: KeyView): ApiKey {
  return {
    id: key.id,
    provider: key.provider as Provider,
    label: key.label,
    scope: key.scope as ApiKeyScope,
    last4: key.last4,
    dailyQuota: key.dailyQuota,
    // Quota counting arrives with the quota-aware resolver (issue 4).
    usedToday: 0,
    status: key.status as ApiKeyStatus,
    consecutiveErrors: key.consecutiveErrors,
    lastUsedAt: key.lastUsedAt,
  };
}

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Query(() => [ApiKey], { description: "The tenant's own provider keys." })
  async apiKeys(
    @Ctx() ctx: KeysContext,
    @Arg('provider', () => Provider, { nullable: true }) provider: Provider | null,
  ): Promise<ApiKey[]> {
    requireRole(ctx.identity, 'admin');
    return (await ctx.keyring.listKeys(ctx.identity.tenant, provider ?? undefined)).map(toApiKey);
  }

  @Mutation(() => ApiKey)
  async addApiKey(@Ctx() ctx: KeysContext, @Arg('input', () => AddApiKeyInput) input: AddApiKeyInput): Promise<ApiKey> {
    requireRole(ctx.identity, input.scope === ApiKeyScope.SHARED ? 'platform' : 'admin');
    if (!input.label.trim()) throw badUserInput('"label" must not be empty', 'label');
    if (input.dailyQuota != null && input.dailyQuota < 0) throw badUserInput('"dailyQuota" must not be negative', 'dailyQuota');
    const key = await ctx.keyring.addKey({
      tenantId: input.scope === ApiKeyScope.SHARED ? null : ctx.identity.tenant,
      provider: input.provider,
      label: input.label.trim(),
      dailyQuota: input.dailyQuota,
      credentials: input.credentials,
    });
    return toApiKey(key);
  }
}
