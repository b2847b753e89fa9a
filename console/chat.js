// The customer-service assistant: sendChatMessage, the conversation's stored messages as the source of truth, and
// chatMessageAdded for messages other operators add to the same conversation.
import { request, subscribe } from './api.js';
import { el } from './format.js';

const CONVERSATION_KEY = 'opsgraph.conversation';
const SEND = `mutation ConsoleSendChatMessage($conversationId: ID, $text: String!) {
  sendChatMessage(conversationId: $conversationId, text: $text) { conversation { id } message { id role text createdAt } } }`;
const HISTORY = 'query ConsoleConversation($id: ID!) { conversation(id: $id) { id messages(first: 100) { id role text createdAt } } }';
const ADDED = 'subscription ConsoleChatMessageAdded($conversationId: ID!) { chatMessageAdded(conversationId: $conversationId) { id role text createdAt } }';

export function chatPage(root, { onError }) {
  const list = root.querySelector('#chat-messages');
  const form = root.querySelector('#chat-form');
  const input = root.querySelector('#chat-text');
  let conversationId = sessionStorage.getItem(CONVERSATION_KEY);
  let stop = null;
  const shown = new Set();

  function append(message, pending = false) {
    if (message.id && shown.has(message.id)) return;
    if (message.id) shown.add(message.id);
    list.append(el('li', { class: `${message.role}${pending ? ' pending' : ''}`, 'data-message-id': message.id }, message.text));
  }

  function render(messages) {
    shown.clear();
    list.replaceChildren();
    for (const message of messages) append(message);
  }

  function follow(id) {
    stop?.();
    stop = subscribe(ADDED, { conversationId: id }, { next: ({ chatMessageAdded }) => append(chatMessageAdded), error: onError });
  }

  async function show() {
    if (!conversationId) {
      if (list.children.length === 0) list.append(el('li', { class: 'ASSISTANT' }, 'Ask me about your orders, shipments or customers.'));
      return;
    }
    const { conversation } = await request(HISTORY, { id: conversationId });
    render(conversation?.messages ?? []);
    if (!stop) follow(conversationId);
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    const button = form.querySelector('button');
    button.disabled = true;
    append({ role: 'USER', text }, true);
    try {
      const { sendChatMessage } = await request(SEND, { conversationId, text });
      if (sendChatMessage.conversation.id !== conversationId) {
        conversationId = sendChatMessage.conversation.id;
        sessionStorage.setItem(CONVERSATION_KEY, conversationId);
        follow(conversationId);
      }
      const { conversation } = await request(HISTORY, { id: conversationId });
      render(conversation.messages);
    } catch (error) {
      onError(error);
    } finally {
      button.disabled = false;
      input.focus();
    }
  });

  root.querySelector('#chat-new').addEventListener('click', () => {
    stop?.();
    stop = null;
    conversationId = null;
    sessionStorage.removeItem(CONVERSATION_KEY);
    shown.clear();
    list.replaceChildren();
    void show();
  });

  return { show, stop: () => stop?.() };
}
