// Anthropic API, providers/anthropic/README.md: everything opsgraph needs to know about it, in one value.
import { z } from 'zod';
import { defineProvider, headerCredential } from '../descriptor';
import { anthropicModule } from '../../sandbox/anthropic';
import { AnthropicProvider } from './client';
import { anthropicErrorKind } from './errors';

export const anthropic = defineProvider({
  name: 'ANTHROPIC',
  served: true,
  // Sent as `x-api-key: <apiKey>`.
  credentials: z.object({ apiKey: headerCredential() }),
  secretField: 'apiKey',
  // Tier-2 request limit (1,000 RPM, README "Rate limits"); token windows are set per key.
  limits: { rate: { perSecond: 1000 / 60, burst: 20 }, dailyQuota: null, llm: true },
  errorKind: anthropicErrorKind,
  probe: ({ baseUrl, credentials }) => new AnthropicProvider({ baseUrl, apiKey: credentials.apiKey }).listModels(),
  baseUrl: { env: 'ANTHROPIC_BASE_URL', live: 'https://api.anthropic.com', sandboxPath: '/anthropic' },
  sandbox: { module: anthropicModule, seedRank: 9 },
});
