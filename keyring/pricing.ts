// Prices per 1K input and output tokens (USD), per model, for AI spend budgets. Defaults are list prices;
// LLM_PRICES (JSON: {"model": {"input": n, "output": n}}) overrides or adds models.
export interface ModelPrice { input: number; output: number }

export const DEFAULT_PRICES: Record<string, ModelPrice> = {
  // Families by prefix (a dated or -latest name is priced by the longest known prefix).
  'claude-3-5-haiku': { input: 0.0008, output: 0.004 },
  'claude-sonnet-4': { input: 0.003, output: 0.015 },
  'gpt-4o-mini': { input: 0.00015, output: 0.0006 },
  'gpt-4o': { input: 0.0025, output: 0.01 },
  'text-embedding-3-small': { input: 0.00002, output: 0 },
  'claude-sonnet-4-20250514': { input: 0.003, output: 0.015 },
  'claude-3-5-haiku-latest': { input: 0.0008, output: 0.004 },
};

export class PriceList {
  private readonly prices: Record<string, ModelPrice>;

  constructor(overrides: Record<string, ModelPrice> = {}) {
    this.prices = { ...DEFAULT_PRICES, ...overrides };
  }

  /** Model names carry dated suffixes (gpt-4o-mini-2024-07-18): the longest known prefix prices them. */
  price(model: string): ModelPrice {
    const match = Object.keys(this.prices)
      .filter((known) => model === known || model.startsWith(`${known}-`))
      .sort((a, b) => b.length - a.length)[0];
    return match ? this.prices[match] : { input: 0, output: 0 };
  }

  costUsd(model: string, inputTokens: number, outputTokens: number): number {
    const price = this.price(model);
    return (inputTokens / 1000) * price.input + (outputTokens / 1000) * price.output;
  }
}
