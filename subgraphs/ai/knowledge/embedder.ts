// Embeddings through the key resolver: the tenant's OpenAI keys, then the shared pool, usage counted under the
// embedding model. OpenAI only (Anthropic has no embeddings API), so there is no fallback: a failure is the field's.
import { OpenAIProvider, OPENAI_DEFAULT_EMBEDDING_MODEL } from '../../../providers/openai';
import type { Keyring } from '../../../keyring/keyring';
import { providerFailure } from '../../shared/provider-errors';
import { EMBEDDING_DIMENSIONS } from './vector-index';

export type Embed = (tenantId: string, texts: string[]) => Promise<number[][]>;

export const EMBEDDING_MODEL = OPENAI_DEFAULT_EMBEDDING_MODEL;
/** OpenAI takes up to 2048 inputs a request; smaller batches keep each request well under its token limit. */
const BATCH = 96;

export function keyringEmbedder(keyring: Keyring, baseUrl: string): Embed {
  return async (tenantId, texts) => {
    const vectors: number[][] = [];
    for (let i = 0; i < texts.length; i += BATCH) {
      const batch = texts.slice(i, i + BATCH);
      try {
        vectors.push(...(await keyring.call<{ apiKey: string }, number[][]>({ tenantId, provider: 'OPENAI', operation: 'embeddings' }, async (lease) => {
          const client = new OpenAIProvider({ baseUrl, apiKey: lease.credentials.apiKey, embeddingModel: EMBEDDING_MODEL });
          const result = await client.embed(batch, { dimensions: EMBEDDING_DIMENSIONS });
          lease.reportUsage({ model: EMBEDDING_MODEL, inputTokens: result.usage.promptTokens, outputTokens: 0 });
          return result.vectors;
        })));
      } catch (error) {
        throw providerFailure('OpenAI', error);
      }
    }
    return vectors;
  };
}
