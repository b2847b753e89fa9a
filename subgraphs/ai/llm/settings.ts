// Each tenant's choice of LLM: which provider is asked first and which model of each provider answers. Stored in
// the ai subgraph's database (tenant_ai_settings); a tenant that chose nothing gets the defaults below.
import type { DataSource } from 'typeorm';
import { badUserInput } from '../../../platform/errors';

export type LlmProvider = 'OPENAI' | 'ANTHROPIC';
export const LLM_PROVIDERS: readonly LlmProvider[] = ['OPENAI', 'ANTHROPIC'];

export interface AiSettings {
  preferredProvider: LlmProvider;
  models: Record<LlmProvider, string>;
}

export const DEFAULT_AI_SETTINGS: AiSettings = {
  preferredProvider: 'OPENAI',
  models: { OPENAI: 'gpt-4o-mini', ANTHROPIC: 'claude-3-5-haiku-latest' },
};

/** Model names as each provider writes them; another provider's model is refused rather than sent to fail. */
const MODEL_NAMES: Record<LlmProvider, { pattern: RegExp; rule: string }> = {
  OPENAI: { pattern: /^(gpt-|o\d|chatgpt-)[a-z0-9.:-]{0,80}$/, rule: 'an OpenAI chat model such as "gpt-4o-mini"' },
  ANTHROPIC: { pattern: /^claude-[a-z0-9.:-]{1,80}$/, rule: 'an Anthropic model such as "claude-3-5-haiku-latest"' },
};

export function isLlmProvider(value: string): value is LlmProvider {
  return (LLM_PROVIDERS as readonly string[]).includes(value);
}

export function checkModel(provider: LlmProvider, model: string, field: string): string {
  const name = model.trim();
  if (!MODEL_NAMES[provider].pattern.test(name)) throw badUserInput(`"${field}" must be ${MODEL_NAMES[provider].rule}, but got "${model}"`, field);
  return name;
}

export class AiSettingsStore {
  constructor(private readonly db: DataSource) {}

  async get(tenantId: string): Promise<AiSettings> {
    const rows: Array<{ preferred_provider: LlmProvider; openai_model: string; anthropic_model: string }> = await this.db.query(
      'SELECT preferred_provider, openai_model, anthropic_model FROM tenant_ai_settings WHERE tenant_id = $1', [tenantId],
    );
    const row = rows[0];
    if (!row) return { ...DEFAULT_AI_SETTINGS, models: { ...DEFAULT_AI_SETTINGS.models } };
    return { preferredProvider: row.preferred_provider, models: { OPENAI: row.openai_model, ANTHROPIC: row.anthropic_model } };
  }

  async set(tenantId: string, settings: AiSettings): Promise<void> {
    await this.db.query(
      `INSERT INTO tenant_ai_settings (tenant_id, preferred_provider, openai_model, anthropic_model) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id) DO UPDATE SET preferred_provider = EXCLUDED.preferred_provider, openai_model = EXCLUDED.openai_model,
         anthropic_model = EXCLUDED.anthropic_model, updated_at = now()`,
      [tenantId, settings.preferredProvider, settings.models.OPENAI, settings.models.ANTHROPIC],
    );
  }
}
