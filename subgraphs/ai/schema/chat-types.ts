import type { GraphQLError } from 'graphql';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DateTime } from '../../../platform/graphql/scalars';
import type { ChatMessageEntity } from '../entities/chat-message';
import type { ConversationEntity } from '../entities/conversation';

export enum ChatRole { USER = 'USER', ASSISTANT = 'ASSISTANT' }
registerEnumType(ChatRole, { name: 'ChatRole', description: "Who wrote a chat message: an operator (USER) or the assistant's reply" });

@ObjectType({ description: 'One message of a conversation with the customer-service assistant.' })
export class ChatMessage {
  @Field(() => ID) id!: string;
  @Field(() => ChatRole) role!: ChatRole;
  @Field(() => String) text!: string;
  @Field(() => String, { nullable: true, description: 'The model that wrote an assistant reply, as its provider names it (e.g. "gpt-4o-mini", "claude-3-5-haiku-latest"); null for an operator\'s message.' })
  model!: string | null;
  @Field(() => DateTime) createdAt!: Date;
}

@ObjectType({ description: "A conversation of the tenant's operators with the customer-service assistant." })
export class Conversation {
  @Field(() => ID) id!: string;
  @Field(() => DateTime) createdAt!: Date;
}

@ObjectType()
export class SendChatMessagePayload {
  @Field(() => Conversation, { description: 'The conversation the message was added to (a new one when none was named).' })
  conversation!: Conversation;
  /** The assistant's reply, or the error that stands in its place (resolved in ChatPayloadResolver). */
  reply!: ChatMessage | GraphQLError;
}

export const toChatMessage = (row: ChatMessageEntity): ChatMessage => ({
  id: row.id, role: row.role as ChatRole, text: row.text, model: row.model, createdAt: row.createdAt,
});

export const toConversation = (row: ConversationEntity): Conversation => ({ id: row.id, createdAt: row.createdAt });
