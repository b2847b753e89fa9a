// sendChatMessage, start to end: the user's message is stored and announced first, so it stands whatever the
// model does; then the reply is asked for, stored and announced. A failed reply is a value (the error the
// client sees on `message`), not a failed mutation.
import { randomUUID } from 'node:crypto';
import type { GraphQLError } from 'graphql';
import type { EventBus } from '../../../platform/events';
import { badUserInput } from '../../../platform/errors';
import { providerFailure } from '../../shared/provider-errors';
import type { AiDeps } from '../loaders';
import type { Identity } from '../../../platform/identity';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { AgentBounds } from '../agent/loop';
import type { PeerOptions } from '../agent/peers';
import type { ConversationEntity } from '../entities/conversation';
import type { ChatMessageEntity } from '../entities/chat-message';
import type { AgentAnswer, OnAgentText } from '../agent/loop';
import { askAssistant, HISTORY_LENGTH } from './assistant';
import type { ChatStore } from './store';

export const MAX_TEXT_LENGTH = 4000;

export interface ChatDeps extends AiDeps {
  store: ChatStore;
  events: Pick<EventBus, 'publish'>;
  knowledge: Pick<KnowledgeBase, 'search'>;
  /** Where the assistant's tools read orders, parcels and payments, as the caller. */
  peers: PeerOptions;
  agent: AgentBounds;
}

export interface SentChatMessage {
  conversation: ConversationEntity;
  reply: ChatMessageEntity | GraphQLError;
}

export function checkChatText(text: string): void {
  if (!text.trim()) throw badUserInput('"text" must not be empty', 'text');
  const length = [...text].length;
  if (length > MAX_TEXT_LENGTH) throw badUserInput(`"text" must be at most ${MAX_TEXT_LENGTH} characters, but got ${length}`, 'text');
}

/** Announced only once committed: a subscriber never hears of a message the database does not hold. */
async function publishMessage(deps: ChatDeps, message: ChatMessageEntity): Promise<void> {
  await deps.events.publish({
    type: 'chat.message',
    tenantId: message.tenantId,
    conversationId: message.conversationId,
    messageId: message.id,
    role: message.role,
    text: message.text,
    model: message.model,
    citations: message.citations,
    createdAt: message.createdAt.toISOString(),
  });
}

/**
 * Announces a reply's pieces as the model writes them (`chat.delta`, under the reply's reserved id), in order: each
 * publish waits for the one before. A piece that cannot be published ends the announcing, not the reply: the
 * stored reply is published after `drain()` all the same, and is what subscribers keep.
 */
function replyStream(deps: ChatDeps, tenantId: string, conversationId: string, messageId: string): { onText: OnAgentText; drain: () => Promise<void> } {
  let queue: Promise<void> = Promise.resolve();
  let sequence = 0;
  let broken = false;
  const onText: OnAgentText = (delta, restart) => {
    if (restart) sequence = 0;
    const event = { type: 'chat.delta' as const, tenantId, conversationId, messageId, sequence, delta, createdAt: new Date().toISOString() };
    sequence += 1;
    queue = queue.then(async () => {
      if (broken) return;
      try {
        await deps.events.publish(event);
      } catch {
        broken = true;
      }
    });
  };
  return { onText, drain: () => queue };
}

export async function sendChatMessage(
  deps: ChatDeps,
  identity: Identity,
  input: { conversationId: string | null; text: string },
): Promise<SentChatMessage> {
  const tenantId = identity.tenant;
  checkChatText(input.text);
  const sent = await deps.store.append(tenantId, input.conversationId, { role: 'USER', text: input.text });
  if (!sent) throw badUserInput(`Conversation "${input.conversationId}" does not exist`, 'conversationId');
  await publishMessage(deps, sent.message);
  const { conversation } = sent;
  let answer: AgentAnswer;
  // The reply's id is reserved now, so its pieces and then the stored reply carry the same one.
  const replyId = randomUUID();
  const stream = replyStream(deps, tenantId, conversation.id, replyId);
  try {
    const tools = { identity, peers: deps.peers, knowledge: deps.knowledge };
    answer = await askAssistant(deps, tools, deps.agent, await deps.store.recent(conversation.id, HISTORY_LENGTH), stream.onText);
  } catch (error) {
    await stream.drain();
    return { conversation, reply: providerFailure('The assistant', error) };
  }
  await stream.drain();
  const { text, model, citations, steps } = answer;
  const replied = await deps.store.append(tenantId, conversation.id, { id: replyId, role: 'ASSISTANT', text, model: model || null, citations }, steps);
  // The conversation was just written to: it can only be gone if deleted meanwhile.
  if (!replied) throw badUserInput(`Conversation "${conversation.id}" does not exist`, 'conversationId');
  await publishMessage(deps, replied.message);
  return { conversation, reply: replied.message };
}
