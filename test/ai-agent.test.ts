// The assistant that looks things up (issue 15): through the gateway, sendChatMessage runs the agent, whose tools read
// the caller's own orders, parcels and payments from commerce, logistics and finance as the caller. With either
// provider's sandbox model (which calls find_order for an order number, then order_shipments / order_payment).
import { seedDemoKeys } from '../scripts/seed';
import { DEMO_CREDENTIALS } from '../sandbox/demo';
import { startTestStack, operation, type TestStack } from './helpers/stack';
import { subscribe, until, type Received } from './helpers/subscriptions';

const A = 'agent-tenant-a';
const B = 'agent-tenant-b';

const SEND = `
  mutation Send($conversationId: ID, $text: String!) {
    sendChatMessage(conversationId: $conversationId, text: $text) {
      conversation { id }
      message { id role text model citations steps { index kind provider model tool input summary isError tokens } }
    }
  }`;
const STREAM = `
  subscription($conversationId: ID!) {
    chatMessageAdded(conversationId: $conversationId, stream: true) { id role text delta sequence }
  }`;
const SET_SETTINGS = `mutation($input: AiSettingsInput!) { setAiSettings(input: $input) { preferredProvider } }`;

let stack: TestStack;
let adminA: string;
let operatorA: string;
let operatorB: string;
let order: {
  id: string; externalId: string;
  shipments: Array<{ carrier: string; trackingNumber: string; status: string }>;
  taxInvoice: { mgtKey: string | null } | null; payment: { status: string };
};

async function ask(token: string, text: string) {
  const result = await stack.request(SEND, { text }, token);
  expect(result.errors).toBeUndefined();
  return result.data!.sendChatMessage.message;
}

async function prefer(provider: 'OPENAI' | 'ANTHROPIC') {
  const result = await stack.request(SET_SETTINGS, { input: { preferredProvider: provider } }, adminA);
  expect(result.errors).toBeUndefined();
}

beforeAll(async () => {
  stack = await startTestStack();
  await seedDemoKeys(stack, A);
  const keys = await stack.keyring.listKeys(A);
  if (!keys.some((key) => key.provider === 'ANTHROPIC')) {
    await stack.keyring.addKey({ tenantId: A, provider: 'ANTHROPIC', label: 'sandbox anthropic', credentials: DEMO_CREDENTIALS.anthropic });
  }
  await stack.keyring.addKey({ tenantId: B, provider: 'OPENAI', label: 'sandbox openai', credentials: DEMO_CREDENTIALS.openai });
  adminA = await stack.token(A, ['admin']);
  operatorA = await stack.token(A, ['operator'], 'agent-operator-a');
  operatorB = await stack.token(B, ['operator'], 'agent-operator-b');
  expect((await stack.request(operation('SyncOrders'), { marketplace: 'CAFE24' }, adminA)).errors).toBeUndefined();
  const page = await stack.request(
    `{ orders(first: 50) { edges { node { id externalId shipments { carrier trackingNumber status } payment { status } taxInvoice { mgtKey } } } } }`, {}, adminA,
  );
  expect(page.errors).toBeUndefined();
  order = page.data!.orders.edges.map((edge: any) => edge.node).find((node: any) => node.payment && node.shipments?.length >= 1);
  expect(order).toBeDefined();
});

afterEach(async () => {
  await stack.sandboxControl('reset');
});

afterAll(async () => {
  await stack?.close();
});

describe.each(['OPENAI', 'ANTHROPIC'] as const)('the assistant on %s', (provider) => {
  beforeAll(() => prefer(provider));

  test("answers an order's tracking question from the tool's data, and cites the order", async () => {
    const message = await ask(operatorA, `주문번호 ${order.externalId} 배송 어디쯤 왔나요?`);
    const [parcel] = order.shipments;
    expect(message.text).toContain(parcel.trackingNumber);
    expect(message.text).toContain(parcel.carrier);
    expect(message.text).toContain(parcel.status);
    expect(message.citations).toEqual([`order:${order.id}`]);
    expect(message.model).toMatch(provider === 'OPENAI' ? /^gpt-/ : /^claude-/);
    // Stored with the reply: model turn, find_order, model turn, order_shipments, model turn (the answer).
    expect(message.steps.map((s: any) => [s.kind, s.tool])).toEqual([
      ['MODEL', null], ['TOOL', 'find_order'], ['MODEL', null], ['TOOL', 'order_shipments'], ['MODEL', null],
    ]);
    expect(message.steps.every((s: any) => s.kind === 'TOOL' || s.provider === provider)).toBe(true);
    expect(JSON.parse(message.steps[1].input)).toEqual({ marketplaceOrderNumber: order.externalId });
    expect(JSON.parse(message.steps[3].input)).toEqual({ orderId: order.id });
    expect(message.steps[3].summary).toContain(parcel.trackingNumber);
  });

  test('streams the reply to chatMessageAdded(stream: true) as it is written: pieces in order, then the stored reply', async () => {
    const started = await stack.request(SEND, { text: '안녕하세요' }, operatorA);
    expect(started.errors).toBeUndefined();
    const conversationId = started.data!.sendChatMessage.conversation.id;
    const before = stack.subgraphs.ai.activeSubscriptions();
    const streamed = subscribe(stack.gateway.url, operatorA, STREAM, { conversationId });
    const plain = subscribe(stack.gateway.url, operatorA, operation('ChatMessageAdded'), { conversationId });
    try {
      await until(() => stack.subgraphs.ai.activeSubscriptions() === before + 2, 'both subscribed at ai', 20_000);
      const sent = await stack.request(SEND, { conversationId, text: `주문번호 ${order.externalId} 배송 어디쯤 왔나요?` }, operatorA);
      expect(sent.errors).toBeUndefined();
      const reply = sent.data!.sendChatMessage.message;
      const isStored = (event: Received) => event.data?.chatMessageAdded.id === reply.id && !event.data?.chatMessageAdded.delta;
      await until(() => streamed.events.some(isStored) && plain.events.some(isStored), 'the stored reply arrives', 20_000);
      const events = streamed.events.map((event) => { expect(event.errors).toBeUndefined(); return event.data!.chatMessageAdded; });
      // The operator's message, then the reply's pieces, then the stored reply last.
      expect(events[0]).toMatchObject({ role: 'USER', delta: null, sequence: null });
      expect(events[events.length - 1]).toEqual({ id: reply.id, role: 'ASSISTANT', text: reply.text, delta: null, sequence: null });
      const pieces = events.slice(1, -1);
      expect(pieces.every((p: any) => p.id === reply.id && p.text === '' && typeof p.delta === 'string')).toBe(true);
      // A 0 starts the text over: each model turn streams, and only the last one (no tool call) is the answer.
      // OpenAI's tool-calling turns carry no text; Anthropic's say "확인해 보겠습니다." before each tool_use.
      const starts = pieces.flatMap((p: any, i: number) => (p.sequence === 0 ? [i] : []));
      expect(starts).toHaveLength(provider === 'OPENAI' ? 1 : 3);
      const answer = pieces.slice(starts[starts.length - 1]);
      expect(answer.map((p: any) => p.sequence)).toEqual(answer.map((_: unknown, i: number) => i));
      expect(answer.length).toBeGreaterThan(1);
      expect(answer.map((p: any) => p.delta).join('')).toBe(reply.text);
      // Tokens are still counted from the streamed turns' usage.
      expect(reply.steps.filter((s: any) => s.kind === 'MODEL').every((s: any) => s.tokens > 0)).toBe(true);
      // Without `stream`, the same subscription as before: the two stored messages only.
      expect(plain.events.map((event) => [event.data!.chatMessageAdded.role, event.data!.chatMessageAdded.id])).toEqual([['USER', events[0].id], ['ASSISTANT', reply.id]]);
    } finally {
      await streamed.stop();
      await plain.stop();
    }
  }, 30_000);

  test('answers a payment question from order_payment', async () => {
    const message = await ask(operatorA, `주문 ${order.externalId} 결제 확인 부탁드려요`);
    expect(message.steps.filter((s: any) => s.kind === 'TOOL').map((s: any) => s.tool)).toEqual(['find_order', 'order_payment']);
    expect(message.text).toContain(order.payment.status);
    if (order.taxInvoice?.mgtKey) expect(message.text).toContain(order.taxInvoice.mgtKey);
  });
});

describe('a stream that breaks off', () => {
  beforeAll(() => prefer('ANTHROPIC'));

  test('Anthropic failing midway (an overloaded error event): OpenAI answers, its text starts over at 0, the stored reply comes last', async () => {
    const started = await stack.request(SEND, { text: '안녕하세요' }, operatorA);
    expect(started.errors).toBeUndefined();
    const conversationId = started.data!.sendChatMessage.conversation.id;
    const before = stack.subgraphs.ai.activeSubscriptions();
    const streamed = subscribe(stack.gateway.url, operatorA, STREAM, { conversationId });
    try {
      await until(() => stack.subgraphs.ai.activeSubscriptions() === before + 1, 'subscribed at ai', 20_000);
      const sent = await stack.request(SEND, { conversationId, text: '반품 정책 알려주세요 #stream-error' }, operatorA);
      expect(sent.errors).toBeUndefined();
      const reply = sent.data!.sendChatMessage.message;
      expect(reply.model).toMatch(/^gpt-/);
      await until(() => streamed.events.some((event) => event.data?.chatMessageAdded.id === reply.id && event.data?.chatMessageAdded.delta === null), 'the stored reply arrives', 20_000);
      const events = streamed.events.map((event) => event.data!.chatMessageAdded);
      expect(events[events.length - 1]).toEqual({ id: reply.id, role: 'ASSISTANT', text: reply.text, delta: null, sequence: null });
      const pieces = events.slice(1, -1);
      // Anthropic's one piece before the error, then OpenAI's answer from 0; no piece is the stored reply.
      expect(pieces.map((p: any) => p.sequence).filter((n: number) => n === 0)).toHaveLength(2);
      expect(pieces[1].sequence).toBe(0);
      expect(pieces.slice(1).map((p: any) => p.delta).join('')).toBe(reply.text);
      expect(pieces.every((p: any) => p.delta !== null && p.text === '')).toBe(true);
    } finally {
      await streamed.stop();
    }
  }, 30_000);
});

describe('what the assistant can see', () => {
  beforeAll(() => prefer('OPENAI'));

  test("another tenant's order is not found, and none of its data appears", async () => {
    const message = await ask(operatorB, `주문번호 ${order.externalId} 배송 어디쯤 왔나요?`);
    expect(message.text).toContain('찾을 수 없습니다');
    expect(message.citations).toEqual([]);
    expect(message.steps.filter((s: any) => s.kind === 'TOOL').map((s: any) => [s.tool, s.summary])).toEqual([
      ['find_order', `Order number ${order.externalId}: not found`],
    ]);
    const everything = JSON.stringify(message);
    expect(everything).not.toContain(order.id);
    for (const parcel of order.shipments) expect(everything).not.toContain(parcel.trackingNumber);
  });
});

describe('the loop bound', () => {
  test('a model that keeps calling tools stops at AGENT_MAX_STEPS with an answer that says so', async () => {
    const message = await ask(operatorA, '반품 정책 알려주세요 #tool-loop');
    const maxSteps = stack.config.agent.maxSteps;
    expect(message.text).toContain(`${maxSteps}단계`);
    expect(message.text).toContain('step limit reached');
    expect(message.steps.filter((s: any) => s.kind === 'MODEL')).toHaveLength(maxSteps);
    expect(message.steps.filter((s: any) => s.kind === 'TOOL').every((s: any) => s.tool === 'search_knowledge')).toBe(true);
    expect((await stack.sandboxCalls()).openai.byEndpoint['POST /v1/chat/completions']).toBe(maxSteps);
  });
});
