// Conversations and their messages in PostgreSQL. Every read and write names the tenant, so a conversation id
// of another tenant reads as absent.
import type { DataSource } from 'typeorm';
import { ConversationEntity } from '../entities/conversation';
import { ChatMessageEntity, type ChatMessageRole } from '../entities/chat-message';
import type { AgentStep } from '../agent/loop';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids come from clients: anything that is not a uuid names no row (and must not reach a uuid cast). */
export const isUuid = (id: string) => UUID.test(id);

const TITLE_LENGTH = 80;

export interface NewChatMessage {
  /** An id reserved beforehand (a reply whose pieces were announced under it while it was written). */
  id?: string;
  role: ChatMessageRole;
  text: string;
  model?: string | null;
  citations?: string[];
}

export class ChatStore {
  constructor(private readonly db: DataSource) {}

  async conversation(tenantId: string, id: string): Promise<ConversationEntity | null> {
    if (!isUuid(id)) return null;
    return this.db.getRepository(ConversationEntity).findOneBy({ id, tenantId });
  }

  /**
   * Stores one message, committed when this returns: in a new conversation (titled by the message) when
   * `conversationId` is null, else in that conversation of the tenant, or nowhere (null) when it has none by that id.
   */
  async append(
    tenantId: string,
    conversationId: string | null,
    message: NewChatMessage,
    steps: AgentStep[] = [],
  ): Promise<{ conversation: ConversationEntity; message: ChatMessageEntity } | null> {
    if (conversationId !== null && !isUuid(conversationId)) return null;
    return this.db.transaction(async (manager) => {
      const conversations = manager.getRepository(ConversationEntity);
      // The row lock orders the writers of one conversation, so seq order is commit order there (see the entity).
      const conversation = conversationId === null
        ? await conversations.save(conversations.create({ tenantId, title: titleOf(message.text) }))
        : await conversations.findOne({ where: { id: conversationId, tenantId }, lock: { mode: 'pessimistic_write' } });
      if (!conversation) return null;
      const messages = manager.getRepository(ChatMessageEntity);
      const stored = await messages.save(
        messages.create({
          ...(message.id ? { id: message.id } : {}),
          conversationId: conversation.id, tenantId, role: message.role, text: message.text, model: message.model ?? null, citations: message.citations ?? [],
        }),
      );
      // The steps that led to a reply are stored with it, in the same transaction: a reply never lacks its trail.
      for (const [index, step] of steps.entries()) await manager.query(INSERT_STEP, stepRow(stored.id, tenantId, index, step));
      return { conversation, message: stored };
    });
  }

  /** The steps that led to an assistant reply, in order (none for the user's messages). */
  async steps(tenantId: string, messageId: string): Promise<StoredStep[]> {
    if (!isUuid(messageId)) return [];
    const rows: Array<{ index: number; kind: 'MODEL' | 'TOOL'; provider: string | null; model: string | null; tool: string | null; input: unknown; summary: string; is_error: boolean; prompt_tokens: number; completion_tokens: number }> =
      await this.db.query('SELECT * FROM chat_steps WHERE tenant_id = $1 AND message_id = $2 ORDER BY index', [tenantId, messageId]);
    return rows.map((r) => ({
      index: r.index, kind: r.kind, provider: r.provider, model: r.model, tool: r.tool, input: r.input === null ? null : JSON.stringify(r.input),
      summary: r.summary, isError: r.is_error, tokens: r.prompt_tokens + r.completion_tokens,
    }));
  }

  /** The last `count` messages of a conversation, oldest first: the history a reply is asked with. */
  async recent(conversationId: string, count: number): Promise<ChatMessageEntity[]> {
    const newestFirst = await this.db.getRepository(ChatMessageEntity).find({
      where: { conversationId },
      order: { seq: 'DESC' },
      take: count,
    });
    return newestFirst.reverse();
  }

  /**
   * Up to `first` messages in order, from the start or after the message `after`; null when `after` is not a
   * message of this conversation.
   */
  async page(conversationId: string, after: string | null, first: number): Promise<ChatMessageEntity[] | null> {
    const repository = this.db.getRepository(ChatMessageEntity);
    const query = repository.createQueryBuilder('m').where('m.conversation_id = :conversationId', { conversationId });
    if (after !== null) {
      const anchor = isUuid(after) ? await repository.findOne({ select: { seq: true }, where: { id: after, conversationId } }) : null;
      if (!anchor) return null;
      query.andWhere('m.seq > :seq', { seq: anchor.seq });
    }
    return query.orderBy('m.seq', 'ASC').limit(first).getMany();
  }
}

export interface StoredStep {
  index: number;
  kind: 'MODEL' | 'TOOL';
  provider: string | null;
  model: string | null;
  tool: string | null;
  /** The tool's arguments as JSON. */
  input: string | null;
  summary: string;
  isError: boolean;
  tokens: number;
}

const INSERT_STEP = `INSERT INTO chat_steps (message_id, tenant_id, index, kind, provider, model, tool, input, summary, is_error, prompt_tokens, completion_tokens)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`;

function stepRow(messageId: string, tenantId: string, index: number, step: AgentStep): unknown[] {
  return step.kind === 'MODEL'
    ? [messageId, tenantId, index, 'MODEL', step.provider, step.model, null, null, step.summary, false, step.promptTokens, step.completionTokens]
    : [messageId, tenantId, index, 'TOOL', null, null, step.tool, JSON.stringify(step.input), step.summary, step.isError, 0, 0];
}

function titleOf(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const chars = [...line];
  return chars.length > TITLE_LENGTH ? `${chars.slice(0, TITLE_LENGTH - 1).join('')}…` : line;
}
