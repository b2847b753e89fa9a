import { Arg, ID, Resolver, Root, Subscription } from 'type-graphql';
import { eventSource } from '../../../platform/graphql/subscriptions';
import { topics, type EventOf, type OpsEvent } from '../../../platform/events';
import { badUserInput } from '../../../platform/errors';
import { requireRole } from '../../../platform/identity';
import type { AiContext } from '../context';
import { ChatMessage, ChatRole } from './chat-types';

type ChatMessageStored = EventOf<'chat.message'>;
type ChatEvent = ChatMessageStored | EventOf<'chat.delta'>;

@Resolver()
export class ChatEventsResolver {
  @Subscription(() => ChatMessage, {
    description: "A conversation's messages as they are stored: the operator's, then the assistant's reply. With `stream: true`, the reply's pieces too, in order, as the model writes them (`delta`, `sequence`), before the stored reply (same id). What came before (or while reconnecting) is `conversation(id) { messages(after:) }`.",
    subscribe: async ({ args, context }) => {
      const ctx = context as AiContext;
      const { conversationId, stream } = args as { conversationId: string; stream?: boolean | null };
      // The role before the database: a caller without it learns nothing about which conversations exist.
      requireRole(ctx.identity, 'viewer');
      if (!(await ctx.chat.store.conversation(ctx.identity.tenant, conversationId))) {
        throw badUserInput(`Conversation "${conversationId}" does not exist`, 'conversationId');
      }
      return eventSource(ctx, 'viewer', topics.chat(ctx.identity.tenant, conversationId),
        (event: OpsEvent): event is ChatEvent => (event.type === 'chat.message' || (stream === true && event.type === 'chat.delta'))
          && event.conversationId === conversationId);
    },
  })
  chatMessageAdded(
    @Root() event: ChatEvent,
    @Arg('conversationId', () => ID) _conversationId: string,
    @Arg('stream', () => Boolean, { nullable: true, defaultValue: false, description: "Also the assistant reply's pieces as it is written" }) _stream: boolean,
  ): ChatMessage {
    if (event.type === 'chat.delta') {
      return { id: event.messageId, role: ChatRole.ASSISTANT, text: '', model: null, citations: [], createdAt: new Date(event.createdAt), delta: event.delta, sequence: event.sequence };
    }
    // The event carries the whole message, as stored: no read needed.
    return { id: event.messageId, role: event.role as ChatRole, text: event.text, model: event.model ?? null, citations: event.citations ?? [], createdAt: new Date(event.createdAt) };
  }
}
