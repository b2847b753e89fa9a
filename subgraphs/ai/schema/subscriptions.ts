import { Arg, ID, Resolver, Root, Subscription } from 'type-graphql';
import { eventSource } from '../../../platform/graphql/subscriptions';
import { topics, type EventOf, type OpsEvent } from '../../../platform/events';
import { badUserInput } from '../../../platform/errors';
import { requireRole } from '../../../platform/identity';
import type { AiContext } from '../context';
import { ChatMessage, ChatRole } from './chat-types';

type ChatMessageStored = EventOf<'chat.message'>;

@Resolver()
export class ChatEventsResolver {
  @Subscription(() => ChatMessage, {
    description: "A conversation's messages as they are stored: the operator's, then the assistant's reply. What came before (or while reconnecting) is `conversation(id) { messages(after:) }`.",
    subscribe: async ({ args, context }) => {
      const ctx = context as AiContext;
      const conversationId = (args as { conversationId: string }).conversationId;
      // The role before the database: a caller without it learns nothing about which conversations exist.
      requireRole(ctx.identity, 'viewer');
      if (!(await ctx.chat.store.conversation(ctx.identity.tenant, conversationId))) {
        throw badUserInput(`Conversation "${conversationId}" does not exist`, 'conversationId');
      }
      return eventSource(ctx, 'viewer', topics.chat(ctx.identity.tenant, conversationId),
        (event: OpsEvent): event is ChatMessageStored => event.type === 'chat.message' && event.conversationId === conversationId);
    },
  })
  chatMessageAdded(
    @Root() event: ChatMessageStored,
    @Arg('conversationId', () => ID) _conversationId: string,
  ): ChatMessage {
    // The event carries the whole message, as stored: no read needed.
    return { id: event.messageId, role: event.role as ChatRole, text: event.text, model: event.model ?? null, citations: event.citations ?? [], createdAt: new Date(event.createdAt) };
  }
}
