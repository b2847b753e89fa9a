import { Arg, Authorized, Ctx, Field, Float, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { Provider } from '../../../platform/graphql/enums';
import { DateTime } from '../../../platform/graphql/scalars';
import { badUserInput } from '../../../platform/errors';
import type { AiContext } from '../context';
import { checkModel, isLlmProvider, type AiSettings as StoredSettings } from '../llm/settings';

@ObjectType('AiSettings', { description: "The tenant's choice of LLM: which provider is asked first (the other answers when it cannot), each provider's model, and each provider's monthly cap inside the AI budget (setAiBudget)." })
export class AiSettingsView {
  @Field(() => Provider, { description: 'OPENAI or ANTHROPIC: asked first for every chat reply and order insight.' }) preferredProvider!: Provider;
  @Field(() => String) openaiModel!: string;
  @Field(() => String) anthropicModel!: string;
  @Field(() => Float, { nullable: true, description: 'Monthly USD cap on OpenAI spend (null: only the AI budget applies).' }) openaiMonthlyBudgetUsd!: number | null;
  @Field(() => Float, { nullable: true, description: 'Monthly USD cap on Anthropic spend (null: only the AI budget applies).' }) anthropicMonthlyBudgetUsd!: number | null;
}

@InputType({ description: 'Fields left out keep their value; a budget set to null is removed.' })
export class AiSettingsInput {
  @Field(() => Provider, { nullable: true }) preferredProvider?: Provider;
  @Field(() => String, { nullable: true }) openaiModel?: string;
  @Field(() => String, { nullable: true }) anthropicModel?: string;
  @Field(() => Float, { nullable: true }) openaiMonthlyBudgetUsd?: number | null;
  @Field(() => Float, { nullable: true }) anthropicMonthlyBudgetUsd?: number | null;
}

@ObjectType({ description: 'LLM calls over a period for one provider and the model that answered.' })
export class LlmUsage {
  @Field(() => Provider) provider!: Provider;
  @Field(() => String) model!: string;
  @Field(() => Int) calls!: number;
  @Field(() => Int) inputTokens!: number;
  @Field(() => Int) outputTokens!: number;
  @Field(() => Float) costUsd!: number;
}

async function view(ctx: AiContext, settings?: StoredSettings): Promise<AiSettingsView> {
  const tenant = ctx.identity.tenant;
  const [stored, budgets] = await Promise.all([settings ?? ctx.chat.settings.get(tenant), ctx.chat.keyring.providerBudgets(tenant)]);
  return {
    preferredProvider: stored.preferredProvider,
    openaiModel: stored.models.OPENAI,
    anthropicModel: stored.models.ANTHROPIC,
    openaiMonthlyBudgetUsd: budgets.OPENAI ?? null,
    anthropicMonthlyBudgetUsd: budgets.ANTHROPIC ?? null,
  };
}

function checkBudget(value: number | null | undefined, field: string): void {
  if (value !== undefined && value !== null && !(value >= 0 && Number.isFinite(value))) throw badUserInput(`"${field}" must be a number of USD >= 0, or null`, field);
}

@Resolver()
export class AiSettingsResolver {
  @Authorized('admin')
  @Query(() => AiSettingsView, { description: "The tenant's LLM settings (the defaults until it sets its own)." })
  async aiSettings(@Ctx() ctx: AiContext): Promise<AiSettingsView> {
    return view(ctx);
  }

  @Authorized('admin')
  @Mutation(() => AiSettingsView, { description: "Changes the tenant's LLM settings: the preferred provider, the models, the per-provider monthly caps." })
  async setAiSettings(@Ctx() ctx: AiContext, @Arg('input', () => AiSettingsInput) input: AiSettingsInput): Promise<AiSettingsView> {
    const tenant = ctx.identity.tenant;
    const current = await ctx.chat.settings.get(tenant);
    const next: StoredSettings = { preferredProvider: current.preferredProvider, models: { ...current.models } };
    if (input.preferredProvider !== undefined && input.preferredProvider !== null) {
      if (!isLlmProvider(input.preferredProvider)) throw badUserInput(`"input.preferredProvider" must be OPENAI or ANTHROPIC, but got ${input.preferredProvider}`, 'input.preferredProvider');
      next.preferredProvider = input.preferredProvider;
    }
    if (input.openaiModel !== undefined && input.openaiModel !== null) next.models.OPENAI = checkModel('OPENAI', input.openaiModel, 'input.openaiModel');
    if (input.anthropicModel !== undefined && input.anthropicModel !== null) next.models.ANTHROPIC = checkModel('ANTHROPIC', input.anthropicModel, 'input.anthropicModel');
    checkBudget(input.openaiMonthlyBudgetUsd, 'input.openaiMonthlyBudgetUsd');
    checkBudget(input.anthropicMonthlyBudgetUsd, 'input.anthropicMonthlyBudgetUsd');
    await ctx.chat.settings.set(tenant, next);
    if (input.openaiMonthlyBudgetUsd !== undefined) await ctx.chat.keyring.setProviderBudget(tenant, 'OPENAI', input.openaiMonthlyBudgetUsd);
    if (input.anthropicMonthlyBudgetUsd !== undefined) await ctx.chat.keyring.setProviderBudget(tenant, 'ANTHROPIC', input.anthropicMonthlyBudgetUsd);
    return view(ctx, next);
  }

  @Authorized('admin')
  @Query(() => [LlmUsage], { description: "The tenant's LLM calls, tokens and spend between from and to, per provider and the model that answered." })
  async llmUsage(
    @Ctx() ctx: AiContext,
    @Arg('from', () => DateTime) from: Date,
    @Arg('to', () => DateTime) to: Date,
  ): Promise<LlmUsage[]> {
    if (!(from < to)) throw badUserInput('"from" must be before "to"', 'from');
    return ctx.chat.keyring.llmUsage(ctx.identity.tenant, from, to);
  }
}
