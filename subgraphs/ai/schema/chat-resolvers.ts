import { GraphQLError } from 'graphql';
import { Arg, Authorized, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { badUserInput } from '../../../platform/errors';
import { sendChatMessage } from '../chat/send';
import type { AiContext } from '../context';
import { ChatMessage, ChatRole, ChatStep, ChatStepKind, Conversation, SendChatMessagePayload, toChatMessage, toConversation } from './chat-types';

const DEFAULT_PAGE = 50;
const MAX_PAGE = 200;

@Resolver(() => Conversation)
export class ConversationResolver {
  @Authorized('viewer')
  @Query(() => Conversation, { nullable: true, description: "One of the tenant's conversations with the assistant; null when it has none by that id." })
  async conversation(@Ctx() ctx: AiContext, @Arg('id', () => ID) id: string): Promise<Conversation | null> {
    const row = await ctx.chat.store.conversation(ctx.identity.tenant, id);
    return row ? toConversation(row) : null;
  }

  @FieldResolver(() => [ChatMessage], {
    description: 'The messages in the order they were stored; with `after` (a message id) only those stored after it, which is what a reconnecting subscriber missed.',
  })
  async messages(
    @Root() conversation: Conversation,
    @Ctx() ctx: AiContext,
    @Arg('after', () => ID, { nullable: true }) after: string | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: DEFAULT_PAGE }) requested: number | null,
  ): Promise<ChatMessage[]> {
    const first = requested ?? DEFAULT_PAGE;
    if (first < 1 || first > MAX_PAGE) {
      throw badUserInput(`"first" must be between 1 and ${MAX_PAGE}, but got ${first}`, 'first');
    }
    const rows = await ctx.chat.store.page(conversation.id, after ?? null, first);
    if (!rows) throw badUserInput(`"after" must be the id of a message of this conversation, but got "${after}"`, 'after');
    return rows.map(toChatMessage);
  }

  @Authorized('operator')
  @Mutation(() => SendChatMessagePayload, {
    description: "Adds the operator's message to a conversation (a new one without `conversationId`) and returns the assistant's reply.",
  })
  @Directive('@rateLimit(window: "1m", max: 30)')
  async sendChatMessage(
    @Ctx() ctx: AiContext,
    @Arg('conversationId', () => ID, { nullable: true }) conversationId: string | null,
    @Arg('text', () => String) text: string,
  ): Promise<SendChatMessagePayload> {
    const sent = await sendChatMessage(ctx.chat, ctx.identity, { conversationId: conversationId ?? null, text });
    return {
      conversation: toConversation(sent.conversation),
      reply: sent.reply instanceof GraphQLError ? sent.reply : toChatMessage(sent.reply),
    };
  }
}

@Resolver(() => ChatMessage)
export class ChatMessageResolver {
  @FieldResolver(() => [ChatStep], {
    description: "How the assistant reached a reply: each model turn and each look-up (tool, arguments, what it found), in order; empty for an operator's message.",
  })
  async steps(@Root() message: ChatMessage, @Ctx() ctx: AiContext): Promise<ChatStep[]> {
    if (message.role !== ChatRole.ASSISTANT) return [];
    return (await ctx.chat.store.steps(ctx.identity.tenant, message.id)).map((step) => ({ ...step, kind: step.kind as ChatStepKind }));
  }
}

@Resolver(() => SendChatMessagePayload)
export class ChatPayloadResolver {
  @FieldResolver(() => ChatMessage, {
    nullable: true,
    description: "The assistant's reply; null, with an error saying why, when the model could not answer (the operator's message is stored either way).",
  })
  message(@Root() payload: SendChatMessagePayload): ChatMessage {
    if (payload.reply instanceof GraphQLError) throw payload.reply;
    return payload.reply;
  }
}
