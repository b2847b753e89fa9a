// ai: chat, knowledge search, order insights. Extends Order with `insight`.
import { buildFederatedSchema, startSubgraphServer, type CommonSubgraphOptions, type RunningSubgraph } from '../../platform/subgraph';
import type { Keyring } from '../../keyring/keyring';
import { OrderInsightResolver } from './schema/resolvers';
import { OrderForInsight } from './schema/types';
import { createLoaders } from './loaders';
import type { AiContext } from './context';
import '../../platform/graphql/enums';

export function buildAiSchema() {
  return buildFederatedSchema(
    { resolvers: [OrderInsightResolver], orphanedTypes: [OrderForInsight] },
    { Order: { __resolveReference: (reference: OrderForInsight) => reference } },
  );
}

export interface AiOptions extends CommonSubgraphOptions {
  keyring: Keyring;
  openaiBaseUrl: string;
}

export async function startAi(options: AiOptions): Promise<RunningSubgraph> {
  const deps = { keyring: options.keyring, openaiBaseUrl: options.openaiBaseUrl };
  return startSubgraphServer<AiContext>({
    name: 'ai',
    schema: await buildAiSchema(),
    port: options.port,
    host: options.host,
    subgraphSecret: options.subgraphSecret,
    logger: options.logger,
    createContext: (base) => ({ ...base, loaders: createLoaders(deps, base.identity.tenant) }),
  });
}
