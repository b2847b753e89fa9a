import { randomUUID } from 'node:crypto';
import { TEST_REDIS_URL } from '../test/helpers/database';
import { MemoryEventBus, RedisEventBus, parseEvent, topicOf, topics, type EventBus, type OpsEvent } from './events';

const alert: OpsEvent = {
  type: 'key.quota', tenantId: 't', keyId: 'k', provider: 'OPENAI', threshold: 80, used: 80, quota: 100, at: new Date(0).toISOString(),
};
const orderEvent = (tenantId: string, orderId = 'o1'): OpsEvent => ({
  type: 'order.changed', tenantId, orderId, marketplace: 'NAVER', status: 'SHIPPED', previousStatus: 'PAID', cause: 'dispatch', at: new Date(0).toISOString(),
});

describe('parseEvent', () => {
  test('accepts a well-formed event', () => {
    expect(parseEvent(JSON.stringify(alert))).toEqual(alert);
    expect(parseEvent(JSON.stringify(orderEvent('a')))).toEqual(orderEvent('a'));
  });
  test('names the field that is wrong', () => {
    expect(() => parseEvent(JSON.stringify({ ...alert, threshold: 50 }))).toThrow(/"threshold"/);
    expect(() => parseEvent(JSON.stringify({ ...orderEvent('a'), cause: 'magic' }))).toThrow(/"cause"/);
    expect(() => parseEvent('{"type":"nope"}')).toThrow(/"type"/);
    expect(() => parseEvent('not json')).toThrow(/not JSON/);
  });
});

test('each tenant publishes to its own topics; shared-pool key events go to the platform topic', () => {
  expect(topicOf(orderEvent('a'))).toBe(topics.orders('a'));
  expect(topicOf(orderEvent('a'))).not.toBe(topicOf(orderEvent('b')));
  expect(topicOf({ ...alert, tenantId: null })).toBe('key:platform');
  expect(topicOf({ type: 'chat.message', tenantId: 'a', conversationId: 'c', messageId: 'm', role: 'USER', text: 'hi', createdAt: '' })).toBe(topics.chat('a', 'c'));
});

const prefix = `opsgraph-test:${randomUUID()}:`;
const memory = new MemoryEventBus();
const badEvents: Error[] = [];
const backends: Array<[string, () => Promise<[EventBus, EventBus]>]> = [
  ['memory', async () => [memory, memory]],
  // Two bus instances stand for two replicas: what one publishes, the other receives.
  ['redis', async () => Promise.all([RedisEventBus.open(TEST_REDIS_URL, prefix), RedisEventBus.open(TEST_REDIS_URL, prefix, (e) => badEvents.push(e))])],
];

describe.each(backends)('%s event bus', (_name, open) => {
  let publisher: EventBus;
  let subscriber: EventBus;
  beforeAll(async () => {
    [publisher, subscriber] = await open();
  });
  afterAll(async () => {
    await publisher.close();
    if (subscriber !== publisher) await subscriber.close();
  });

  test('an event published on one instance reaches a subscriber of another', async () => {
    let deliver: (event: OpsEvent) => void = () => undefined;
    const received = new Promise<OpsEvent>((resolve) => (deliver = resolve));
    const unsubscribe = await subscriber.subscribe(topicOf(alert), (event) => deliver(event));
    await publisher.publish(alert);
    expect(await received).toEqual(alert);
    unsubscribe();
  });

  test("an iterator sees its tenant's events in order and none of another tenant's", async () => {
    const a = `a-${randomUUID()}`;
    // Resolves once the subscription is in place: what is published next arrives.
    const iterator = await subscriber.iterate(topics.orders(a));
    const first = iterator.next();
    await publisher.publish(orderEvent(`b-${randomUUID()}`, 'other'));
    await publisher.publish(orderEvent(a, 'o1'));
    await publisher.publish(orderEvent(a, 'o2'));
    expect(((await first).value as { orderId: string }).orderId).toBe('o1');
    expect(((await iterator.next()).value as { orderId: string }).orderId).toBe('o2');
    await iterator.return!();
  });

  test('a malformed event is refused at the publisher', async () => {
    await expect(publisher.publish({ ...alert, threshold: 50 } as unknown as OpsEvent)).rejects.toThrow();
  });
});
