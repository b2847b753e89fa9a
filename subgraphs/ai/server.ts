// ai: chat, knowledge search, order insights. Extends Order with `insight`; keeps conversations with the
// customer-service assistant and publishes their messages as they are stored.
import type { DataSource } from 'typeorm';
import { openDatabase } from '../../platform/db';
import { buildFederatedSchema, startSubgraphServer, type CommonSubgraphOptions, type RunningSubgraph } from '../../platform/subgraph';
import type { Keyring } from '../../keyring/keyring';
import type { Config } from '../../platform/config';
import { OrderInsightResolver } from './schema/resolvers';
import { ChatMessageResolver, ChatPayloadResolver, ConversationResolver } from './schema/chat-resolvers';
import { ChatEventsResolver } from './schema/subscriptions';
import { OrderForInsight } from './schema/types';
import { ConversationEntity } from './entities/conversation';
import { ChatMessageEntity } from './entities/chat-message';
import { Conversations1732800000400 } from './migrations/1732800000400-Conversations';
import { AiSettingsAndInsights1732800000500 } from './migrations/1732800000500-AiSettingsAndInsights';
import { AiSettingsResolver } from './schema/settings-resolvers';
import { KnowledgeResolver } from './schema/knowledge-resolvers';
import { Knowledge1732800000600 } from './migrations/1732800000600-Knowledge';
import { ChatSteps1732800000700 } from './migrations/1732800000700-ChatSteps';
import { knowledgeVectorMigration, type KnowledgeVectorMode } from './migrations/1732800000800-KnowledgeVector';
import { KnowledgeBase } from './knowledge/knowledge-base';
import { keyringEmbedder } from './knowledge/embedder';
import { AiSettingsStore } from './llm/settings';
import { InsightCache } from './insights/cache';
import { ChatStore } from './chat/store';
import type { ChatDeps } from './chat/send';
import type { PeerOptions } from './agent/peers';
import type { AgentBounds } from './agent/loop';
import { createLoaders, type AiDeps } from './loaders';
import type { AiContext } from './context';
import '../../platform/graphql/enums';

export function buildAiSchema() {
  return buildFederatedSchema(
    { resolvers: [OrderInsightResolver, ConversationResolver, ChatPayloadResolver, ChatMessageResolver, ChatEventsResolver, AiSettingsResolver, KnowledgeResolver], orphanedTypes: [OrderForInsight] },
    { Order: { __resolveReference: (reference: OrderForInsight) => reference } },
  );
}

export interface AiOptions extends CommonSubgraphOptions {
  databaseUrl: string;
  keyring: Keyring;
  openaiBaseUrl: string;
  anthropicBaseUrl: string;
  /** Where the assistant's tools read as the caller: the subgraphs that own orders, parcels and payments. */
  peers: Omit<PeerOptions, 'subgraphSecret'>;
  agent: AgentBounds;
  /** KNOWLEDGE_VECTOR: `off` keeps embeddings real[] (exact cosine) even where pgvector is available; default `auto`. */
  knowledgeVector?: KnowledgeVectorMode;
}

export async function startAi(options: AiOptions): Promise<RunningSubgraph & { db: DataSource }> {
  const db = await openDatabase({
    url: options.databaseUrl,
    name: 'ai',
    entities: [ConversationEntity, ChatMessageEntity],
    migrations: [Conversations1732800000400, AiSettingsAndInsights1732800000500, Knowledge1732800000600, ChatSteps1732800000700, knowledgeVectorMigration(options.knowledgeVector ?? 'auto')],
  });
  const deps: AiDeps = {
    keyring: options.keyring,
    baseUrls: { OPENAI: options.openaiBaseUrl, ANTHROPIC: options.anthropicBaseUrl },
    settings: new AiSettingsStore(db),
    insights: new InsightCache(db),
  };
  const knowledge = await KnowledgeBase.open(db, keyringEmbedder(options.keyring, options.openaiBaseUrl), options.logger).catch(async (error: unknown) => {
    await db.destroy();
    throw error;
  });
  const chat: ChatDeps = {
    ...deps, store: new ChatStore(db), events: options.events, knowledge, agent: options.agent, peers: { ...options.peers, subgraphSecret: options.subgraphSecret },
  };
  const running = await startSubgraphServer<AiContext>({
    name: 'ai',
    schema: await buildAiSchema(),
    port: options.port,
    host: options.host,
    subgraphSecret: options.subgraphSecret,
    logger: options.logger,
    createContext: (base) => ({ ...base, events: options.events, chat, knowledge, loaders: createLoaders(deps, base.identity.tenant) }),
  }).catch(async (error) => {
    await db.destroy();
    throw error;
  });
  return { ...running, db, close: async () => { await running.close(); await db.destroy(); } };
}

/** AI's options from the config: the LLM providers' base URLs, the subgraphs its tools read, the agent's bounds, KNOWLEDGE_VECTOR. */
export function aiOptionsFrom(config: Config, deps: Pick<AiOptions, 'keyring' | 'events' | 'logger' | 'databaseUrl'>, port: number): AiOptions {
  const { commerce, logistics, finance } = config.subgraphUrls;
  return {
    ...deps, port, host: config.host, subgraphSecret: config.auth.subgraphSecret, openaiBaseUrl: config.providers.baseUrls.openai, anthropicBaseUrl: config.providers.baseUrls.anthropic,
    peers: { urls: { commerce, logistics, finance }, identityTtlMs: config.subgraphLink.identityTtlMs }, agent: config.agent, knowledgeVector: config.knowledgeVector,
  };
}
