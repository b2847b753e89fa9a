import type { GraphQLError } from 'graphql';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
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
  @Field(() => [String], { description: 'What an assistant reply used, as `order:<id>` (an order it looked up) or `knowledge:<id>` (a knowledge document); empty when it looked nothing up.' })
  citations!: string[];
  @Field(() => DateTime) createdAt!: Date;
  @Field(() => String, { nullable: true, description: 'Only on `chatMessageAdded(stream: true)`: a piece of an assistant reply being written (its `text` is empty and it is not stored); null on a stored message.' })
  delta?: string | null;
  @Field(() => Int, { nullable: true, description: "A reply piece's place, from 0; a 0 starts the reply's text over (the model went on to look something up, or another provider took over). Null on a stored message." })
  sequence?: number | null;
}

export enum ChatStepKind { MODEL = 'MODEL', TOOL = 'TOOL' }
registerEnumType(ChatStepKind, { name: 'ChatStepKind', description: 'A model turn, or one tool call the model asked for' });

@ObjectType({ description: 'One step of the assistant on the way to a reply.' })
export class ChatStep {
  @Field(() => Int) index!: number;
  @Field(() => ChatStepKind) kind!: ChatStepKind;
  @Field(() => String, { nullable: true, description: 'MODEL: the provider that answered (OPENAI, ANTHROPIC)' }) provider!: string | null;
  @Field(() => String, { nullable: true, description: 'MODEL: the model that answered' }) model!: string | null;
  @Field(() => String, { nullable: true, description: 'TOOL: the tool called (find_order, order_shipments, order_payment, search_knowledge)' }) tool!: string | null;
  @Field(() => String, { nullable: true, description: "TOOL: the call's arguments as JSON" }) input!: string | null;
  @Field(() => String, { description: 'What the step did or found, in one line' }) summary!: string;
  @Field(() => Boolean, { description: 'TOOL: the look-up failed or was refused' }) isError!: boolean;
  @Field(() => Int, { description: 'MODEL: prompt + completion tokens of the turn' }) tokens!: number;
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
  id: row.id, role: row.role as ChatRole, text: row.text, model: row.model, citations: row.citations ?? [], createdAt: row.createdAt,
});

export const toConversation = (row: ConversationEntity): Conversation => ({ id: row.id, createdAt: row.createdAt });
