// OpenAI API, providers/openai/README.md: everything opsgraph needs to know about it, in one value.
import { z } from 'zod';
import { defineProvider, headerCredential } from '../descriptor';
import { kindForStatus } from '../errors';
import { openaiModule } from '../../sandbox/openai';
import { OpenAIProvider } from './provider';

export const openai = defineProvider({
  name: 'OPENAI',
  served: true,
  // Sent as `Authorization: Bearer <apiKey>`.
  credentials: z.object({ apiKey: headerCredential() }),
  secretField: 'apiKey',
  // Tier-1 request limit (500 RPM); token windows are set per key.
  limits: { rate: { perSecond: 500 / 60, burst: 20 }, dailyQuota: null, llm: true },
  // 429 is a rate limit or insufficient_quota; both are `rate_limited` (the latter without a retry hint).
  errorKind: ({ status }) => kindForStatus(status),
  probe: ({ baseUrl, credentials }) => new OpenAIProvider({ baseUrl, apiKey: credentials.apiKey }).listModels(),
  baseUrl: { env: 'OPENAI_BASE_URL', live: 'https://api.openai.com/v1', sandboxPath: '/openai/v1' },
  sandbox: { module: openaiModule, seedRank: 3 },
});
