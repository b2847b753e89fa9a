// Chat with the customer-service assistant: sendChatMessage and conversation through the gateway, the ai subgraph's
// chatMessageAdded over graphql-ws directly (with the gateway-signed identity), on real PostgreSQL and Redis.
import Redis from 'ioredis';
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { DEMO_CREDENTIALS } from '../sandbox/demo';
import { signSubgraphIdentity, type Identity } from '../platform/identity';
import { topics } from '../platform/events';
import { TEST_REDIS_URL } from './helpers/database';
import { startTestStack, type TestStack } from './helpers/stack';

const A = 'chat-tenant-a';
const B = 'chat-tenant-b';
const NO_KEY = 'chat-tenant-without-key';
const CHAT_ENDPOINT = 'POST /v1/chat/completions';

const SEND = `
  mutation SendChatMessage($conversationId: ID, $text: String!) {
    sendChatMessage(conversationId: $conversationId, text: $text) { conversation { id } message { id role text model createdAt } }
  }`;
const CONVERSATION = `
  query Conversation($id: ID!, $after: ID, $first: Int) {
    conversation(id: $id) { id createdAt messages(after: $after, first: $first) { id role text model createdAt } }
  }`;
const CHAT_MESSAGE_ADDED = `
  subscription ChatMessageAdded($conversationId: ID!) {
    chatMessageAdded(conversationId: $conversationId) { id role text model createdAt }
  }`;

let stack: TestStack;
let redis: Redis;
let operatorA: string;
let operatorB: string;

async function send(token: string, text: string, conversationId?: string | null) {
  return stack.request(SEND, { conversationId, text }, token);
}

async function messagesOf(token: string, id: string, page: { after?: string; first?: number } = {}) {
  return stack.request(CONVERSATION, { id, ...page }, token);
}

/** A new conversation of `token`'s tenant, with its first exchange: the conversation id. */
async function newConversation(token: string, text = '안녕하세요'): Promise<string> {
  const result = await send(token, text);
  expect(result.errors).toBeUndefined();
  return result.data!.sendChatMessage.conversation.id;
}

// ---- chatMessageAdded on the ai subgraph itself ----

interface Received { data?: { chatMessageAdded: any } | null; errors?: Array<{ message: string; extensions?: Record<string, any> }> }

interface AiSubscriber {
  events: Received[];
  event(n: number, timeoutMs?: number): Promise<Received>;
  /** Resolves once the subscription ended (an error, or complete). */
  ended: Promise<unknown>;
  stop(): Promise<void>;
}

const open: Array<{ stop(): Promise<void> }> = [];

function subscribeOnAi(identity: Identity, conversationId: string): AiSubscriber {
  const client: Client = createClient({
    url: stack.subgraphs.ai.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: () => ({ 'x-opsgraph-identity': signSubgraphIdentity(identity, stack.config.auth.subgraphSecret, { audience: 'ai', socket: true, ttlMs: 60_000 }) }),
    retryAttempts: 0,
  });
  const events: Received[] = [];
  let wake: () => void = () => undefined;
  let end: (value: unknown) => void = () => undefined;
  const ended = new Promise((resolve) => (end = resolve));
  const dispose = client.subscribe(
    { query: CHAT_MESSAGE_ADDED, variables: { conversationId } },
    { next: (value) => { events.push(value as Received); wake(); }, error: (error) => end(error), complete: () => end(undefined) },
  );
  const subscriber: AiSubscriber = {
    events,
    ended,
    async event(n, timeoutMs = 10_000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`event ${n} did not arrive (got ${JSON.stringify(events)})`)), timeoutMs);
      });
      try {
        while (events.length <= n) await Promise.race([new Promise<void>((resolve) => (wake = resolve)), timeout]);
        return events[n];
      } finally {
        clearTimeout(timer);
      }
    },
    async stop() {
      dispose();
      await client.dispose();
    },
  };
  open.push(subscriber);
  return subscriber;
}

/** The subscription listens once its Redis channel has a subscriber: only then is a message sure to reach it. */
async function listening(tenant: string, conversationId: string): Promise<void> {
  const channel = `${stack.config.redisKeyPrefix}events:${topics.chat(tenant, conversationId)}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const [, count] = (await redis.pubsub('NUMSUB', channel)) as [string, number];
    if (Number(count) > 0) return;
    if (Date.now() > deadline) throw new Error(`nobody subscribed to ${channel}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  stack = await startTestStack();
  redis = new Redis(TEST_REDIS_URL);
  for (const tenant of [A, B]) {
    await stack.keyring.addKey({ tenantId: tenant, provider: 'OPENAI', label: 'sandbox openai', credentials: DEMO_CREDENTIALS.openai });
  }
  operatorA = await stack.token(A, ['operator']);
  operatorB = await stack.token(B, ['operator']);
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((subscriber) => subscriber.stop()));
  await stack.sandboxControl('reset');
});

afterAll(async () => {
  redis?.disconnect();
  await stack?.close();
});

describe('sendChatMessage', () => {
  test('without a conversationId starts a conversation, and stores the message and the reply', async () => {
    const result = await send(operatorA, '배송은 언제 오나요?');
    expect(result.errors).toBeUndefined();
    const { conversation, message } = result.data!.sendChatMessage;
    expect(conversation.id).toEqual(expect.any(String));
    expect(message).toMatchObject({ id: expect.any(String), role: 'ASSISTANT', text: expect.stringContaining('배송'), model: 'gpt-4o-mini' });
    expect(new Date(message.createdAt).toISOString()).toBe(message.createdAt);
    expect((await stack.sandboxCalls()).openai.byEndpoint[CHAT_ENDPOINT]).toBe(1);

    const stored = await messagesOf(operatorA, conversation.id);
    expect(stored.errors).toBeUndefined();
    expect(stored.data!.conversation.id).toBe(conversation.id);
    expect(stored.data!.conversation.messages).toEqual([
      { id: expect.any(String), role: 'USER', text: '배송은 언제 오나요?', model: null, createdAt: expect.any(String) },
      message,
    ]);
  });

  test('with a conversationId continues that conversation, and the reply is asked with its history', async () => {
    const id = await newConversation(operatorA, '환불은 언제 되나요?');
    const result = await send(operatorA, '교환도 되나요?', id);
    expect(result.errors).toBeUndefined();
    expect(result.data!.sendChatMessage.conversation.id).toBe(id);
    // The sandbox answers a conversation that already holds a reply as a follow-up: the history went along.
    expect(result.data!.sendChatMessage.message.text).toContain('추가로 문의하신 "교환도 되나요?"');
    const stored = await messagesOf(operatorA, id);
    expect(stored.data!.conversation.messages.map((m: any) => [m.role, m.role === 'USER' ? m.text : null])).toEqual([
      ['USER', '환불은 언제 되나요?'], ['ASSISTANT', null], ['USER', '교환도 되나요?'], ['ASSISTANT', null],
    ]);
    expect(stored.data!.conversation.messages[3].id).toBe(result.data!.sendChatMessage.message.id);
  });

  test("another tenant's conversation id, or one that does not exist, is BAD_USER_INPUT naming conversationId", async () => {
    const id = await newConversation(operatorA);
    for (const [token, conversationId] of [[operatorB, id], [operatorA, '00000000-0000-4000-8000-000000000000'], [operatorA, 'not-a-uuid']]) {
      const result = await send(token, '제 주문 어디 있나요?', conversationId);
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'conversationId' });
      expect(result.data?.sendChatMessage ?? null).toBeNull();
    }
    expect((await messagesOf(operatorA, id)).data!.conversation.messages).toHaveLength(2);
  });

  test('empty, blank or over-long text is BAD_USER_INPUT naming text, and nothing is stored or asked', async () => {
    const id = await newConversation(operatorA);
    await stack.sandboxControl('reset');
    for (const text of ['', '  \n\t ', 'あ'.repeat(4001)]) {
      const result = await send(operatorA, text, id);
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
    }
    expect((await messagesOf(operatorA, id)).data!.conversation.messages).toHaveLength(2);
    expect((await stack.sandboxCalls()).openai?.total ?? 0).toBe(0);
  });

  test('is limited to 30 calls a minute per user (@rateLimit), then RATE_LIMITED', async () => {
    // Blank texts: counted at the gateway like any call, refused before OpenAI is asked.
    const hasty = await stack.token(A, ['operator'], 'hasty-operator');
    for (let i = 0; i < 30; i++) expect((await send(hasty, ' ')).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const refused = await send(hasty, ' ');
    expect(refused.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    expect((await send(operatorA, ' ')).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('needs the operator role', async () => {
    const viewer = await stack.token(A, ['viewer']);
    const result = await send(viewer, '안녕하세요');
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  test('when OpenAI fails, the message stays stored and the reply is null with PROVIDER_UNAVAILABLE', async () => {
    const id = await newConversation(operatorA);
    await stack.sandboxControl('faults', { provider: 'openai', kind: 'server_error' });
    const failed = await send(operatorA, '결제가 두 번 됐어요', id);
    await stack.sandboxControl('reset');
    expect(failed.data!.sendChatMessage).toEqual({ conversation: { id }, message: null });
    expect(failed.errors).toHaveLength(1);
    expect(failed.errors![0]).toMatchObject({ path: ['sendChatMessage', 'message'], extensions: { code: 'PROVIDER_UNAVAILABLE' } });
    const stored = (await messagesOf(operatorA, id)).data!.conversation.messages;
    expect(stored.map((m: any) => m.role)).toEqual(['USER', 'ASSISTANT', 'USER']);
    expect(stored[2].text).toBe('결제가 두 번 됐어요');

    // The conversation goes on once OpenAI answers again.
    const next = await send(operatorA, '확인 부탁드려요', id);
    expect(next.errors).toBeUndefined();
    expect(next.data!.sendChatMessage.message.role).toBe('ASSISTANT');
  });

  test('a new conversation stands even when the tenant has no OpenAI key: reply null with NO_PROVIDER_KEY', async () => {
    const result = await send(await stack.token(NO_KEY, ['operator']), '안녕하세요');
    expect(result.data!.sendChatMessage.message).toBeNull();
    expect(result.errors![0].extensions?.code).toBe('NO_PROVIDER_KEY');
    const id = result.data!.sendChatMessage.conversation.id;
    const stored = await messagesOf(await stack.token(NO_KEY, ['viewer']), id);
    expect(stored.data!.conversation.messages.map((m: any) => m.text)).toEqual(['안녕하세요']);
  });
});

describe('conversation', () => {
  // A user of its own: the calls of every test of the file would come near sendChatMessage's per-user limit.
  let operatorA: string;
  beforeAll(async () => {
    operatorA = await stack.token(A, ['operator'], 'conversation-reader');
  });

  test('messages(after:) returns exactly the messages stored after that one, in order', async () => {
    const id = await newConversation(operatorA, '첫 번째 질문');
    await send(operatorA, '두 번째 질문', id);
    await send(operatorA, '세 번째 질문', id);
    const all = (await messagesOf(operatorA, id)).data!.conversation.messages;
    expect(all).toHaveLength(6);
    expect(all.filter((m: any) => m.role === 'USER').map((m: any) => m.text)).toEqual(['첫 번째 질문', '두 번째 질문', '세 번째 질문']);
    for (let i = 0; i < all.length; i++) {
      const after = (await messagesOf(operatorA, id, { after: all[i].id })).data!.conversation.messages;
      expect(after).toEqual(all.slice(i + 1));
    }
    expect((await messagesOf(operatorA, id, { after: all[1].id, first: 2 })).data!.conversation.messages).toEqual(all.slice(2, 4));
    expect((await messagesOf(operatorA, id, { first: 1 })).data!.conversation.messages).toEqual(all.slice(0, 1));
  });

  test('is readable by a viewer', async () => {
    const id = await newConversation(operatorA);
    const result = await messagesOf(await stack.token(A, ['viewer']), id);
    expect(result.errors).toBeUndefined();
    expect(result.data!.conversation.messages).toHaveLength(2);
  });

  test("is null for another tenant's conversation or an unknown id", async () => {
    const id = await newConversation(operatorA);
    for (const [token, conversationId] of [[operatorB, id], [operatorA, '00000000-0000-4000-8000-000000000000'], [operatorA, 'nope']]) {
      const result = await messagesOf(token, conversationId);
      expect(result.errors).toBeUndefined();
      expect(result.data!.conversation).toBeNull();
    }
  });

  test('a page size outside 1..200 or an after that is not a message of it is BAD_USER_INPUT', async () => {
    const id = await newConversation(operatorA);
    const other = await newConversation(operatorA);
    const otherMessage = (await messagesOf(operatorA, other)).data!.conversation.messages[0].id;
    for (const [page, field] of [[{ first: 0 }, 'first'], [{ first: 201 }, 'first'], [{ after: otherMessage }, 'after'], [{ after: 'nope' }, 'after']] as const) {
      const result = await messagesOf(operatorA, id, page);
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect((await messagesOf(operatorA, id, { first: 200 })).errors).toBeUndefined();
  });
});

describe('chatMessageAdded on the ai subgraph', () => {
  let operatorA: string;
  beforeAll(async () => {
    operatorA = await stack.token(A, ['operator'], 'subscriber-operator');
  });
  const identityA: Identity = { sub: 'viewer-a', tenant: A, roles: ['viewer'] };
  const identityB: Identity = { sub: 'viewer-b', tenant: B, roles: ['viewer'] };

  test("delivers the operator's message, then the assistant's reply, as stored", async () => {
    const id = await newConversation(operatorA);
    const subscriber = subscribeOnAi(identityA, id);
    await listening(A, id);
    const result = await send(operatorA, '반품 접수는 어떻게 하나요?', id);
    const first = await subscriber.event(0);
    const second = await subscriber.event(1);
    expect(first.errors).toBeUndefined();
    expect(first.data!.chatMessageAdded).toMatchObject({ role: 'USER', text: '반품 접수는 어떻게 하나요?', model: null });
    expect(second.data!.chatMessageAdded).toEqual(result.data!.sendChatMessage.message);
    const stored = (await messagesOf(operatorA, id)).data!.conversation.messages;
    expect([first, second].map((event) => event.data!.chatMessageAdded)).toEqual(stored.slice(2));
  });

  test("hears nothing of another tenant's or another conversation's messages", async () => {
    const mine = await newConversation(operatorB);
    const theirs = await newConversation(operatorA);
    const otherOfMine = await newConversation(operatorB);
    const subscriber = subscribeOnAi(identityB, mine);
    await listening(B, mine);
    await send(operatorA, '다른 테넌트의 메시지', theirs);
    await send(operatorB, '같은 테넌트, 다른 대화', otherOfMine);
    await send(operatorB, '내 대화의 메시지', mine);
    // Events of one topic arrive in publish order: had anything else reached it, it would come first.
    expect((await subscriber.event(0)).data!.chatMessageAdded.text).toBe('내 대화의 메시지');
    expect((await subscriber.event(1)).data!.chatMessageAdded.role).toBe('ASSISTANT');
  });

  test("refuses another tenant's conversation with BAD_USER_INPUT when subscribing", async () => {
    const theirs = await newConversation(operatorA);
    const subscriber = subscribeOnAi(identityB, theirs);
    // The refusal ends the subscription (graphql-ws sends it as an error, or as a result with errors).
    const ended = await Promise.race([subscriber.ended, subscriber.event(0).then(() => undefined)]);
    const errors = subscriber.events[0]?.errors ?? (ended as Array<{ extensions?: Record<string, any> }>);
    expect(errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'conversationId' });
  });
});
