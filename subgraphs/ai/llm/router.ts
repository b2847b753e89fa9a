// Every LLM call of the ai subgraph goes through here: the tenant's preferred provider first, through the key
// resolver (which picks the key, enforces the budget and counts tokens and spend per provider and model), then the
// other provider when the first one failed (5xx, 529, timeouts), was rate limited on every key, had its monthly
// budget spent, or has no key at all. A refusal of the request itself (an INTERNAL error here) is not retried.
import type { GraphQLError } from 'graphql';
import { AnthropicProvider } from '../../../providers/anthropic';
import { OpenAIProvider } from '../../../providers/openai';
import type { Keyring } from '../../../keyring/keyring';
import { ErrorCode } from '../../../platform/errors';
import { providerFailure } from '../../shared/provider-errors';
import { LLM_PROVIDERS, type AiSettings, type AiSettingsStore, type LlmProvider } from './settings';

export interface LlmDeps {
  keyring: Keyring;
  baseUrls: Record<LlmProvider, string>;
  settings: AiSettingsStore;
}

export interface LlmResult<T> {
  value: T;
  /** The model that answered, as the provider named it. */
  model: string;
  usage: { promptTokens: number; completionTokens: number };
}

/** The same question put to either provider's client. */
export interface LlmTask<T> {
  OPENAI(client: OpenAIProvider): Promise<LlmResult<T>>;
  ANTHROPIC(client: AnthropicProvider): Promise<LlmResult<T>>;
}

export interface LlmAnswer<T> {
  value: T;
  provider: LlmProvider;
  model: string;
}

const DISPLAY: Record<LlmProvider, string> = { OPENAI: 'OpenAI', ANTHROPIC: 'Anthropic' };
/** What the other provider may cure: the provider, its keys or its budget, not the request. */
const FALL_BACK_ON = new Set<unknown>([ErrorCode.PROVIDER_UNAVAILABLE, ErrorCode.RATE_LIMITED, ErrorCode.QUOTA_EXHAUSTED, ErrorCode.NO_PROVIDER_KEY]);

export function fallbackOrder(settings: AiSettings): LlmProvider[] {
  return [settings.preferredProvider, ...LLM_PROVIDERS.filter((p) => p !== settings.preferredProvider)];
}

/** Asks one provider through the key resolver; the lease reports the answer's usage under the model that answered. */
function ask<T>(deps: LlmDeps, tenantId: string, operation: string, provider: LlmProvider, model: string, task: LlmTask<T>): Promise<LlmResult<T>> {
  return deps.keyring.call<{ apiKey: string }, LlmResult<T>>({ tenantId, provider, operation }, async (lease) => {
    const options = { baseUrl: deps.baseUrls[provider], apiKey: lease.credentials.apiKey, model };
    const result = provider === 'OPENAI' ? await task.OPENAI(new OpenAIProvider(options)) : await task.ANTHROPIC(new AnthropicProvider(options));
    lease.reportUsage({ model: result.model, inputTokens: result.usage.promptTokens, outputTokens: result.usage.completionTokens });
    return result;
  });
}

/**
 * The answer of the first provider that gives one, in the tenant's order. When every provider fails, the error is
 * the preferred provider's (unless it merely had no key: then the one that was tried for real).
 */
export async function callLlm<T>(
  deps: LlmDeps, tenantId: string, operation: string, task: LlmTask<T>, settings?: AiSettings,
): Promise<LlmAnswer<T>> {
  const chosen = settings ?? (await deps.settings.get(tenantId));
  const errors: GraphQLError[] = [];
  for (const provider of fallbackOrder(chosen)) {
    try {
      const result = await ask(deps, tenantId, operation, provider, chosen.models[provider], task);
      return { value: result.value, provider, model: result.model };
    } catch (error) {
      const failure = providerFailure(DISPLAY[provider], error);
      errors.push(failure);
      if (!FALL_BACK_ON.has(failure.extensions.code)) throw failure;
    }
  }
  throw errors.find((e) => e.extensions.code !== ErrorCode.NO_PROVIDER_KEY) ?? errors[0];
}
