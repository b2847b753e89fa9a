// Conversations and their messages in PostgreSQL. Every read and write names the tenant, so a conversation id
// of another tenant reads as absent.
import type { DataSource } from 'typeorm';
import { ConversationEntity } from '../entities/conversation';
import { ChatMessageEntity, type ChatMessageRole } from '../entities/chat-message';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids come from clients: anything that is not a uuid names no row (and must not reach a uuid cast). */
export const isUuid = (id: string) => UUID.test(id);

const TITLE_LENGTH = 80;

export interface NewChatMessage {
  role: ChatMessageRole;
  text: string;
  model?: string | null;
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
        messages.create({ conversationId: conversation.id, tenantId, role: message.role, text: message.text, model: message.model ?? null }),
      );
      return { conversation, message: stored };
    });
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

function titleOf(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const chars = [...line];
  return chars.length > TITLE_LENGTH ? `${chars.slice(0, TITLE_LENGTH - 1).join('')}…` : line;
}
