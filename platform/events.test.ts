import { randomUUID } from 'node:crypto';
import { MemoryEventBus, RedisEventBus, parseEvent, type EventBus, type OpsEvent } from './events';
import { TEST_REDIS_URL } from '../test/helpers/database';

const alert: OpsEvent = {
  type: 'key.quota', tenantId: 't', keyId: 'k', provider: 'OPENAI', threshold: 80, used: 80, quota: 100, at: new Date(0).toISOString(),
};

describe('parseEvent', () => {
  test('accepts a well-formed event', () => {
    expect(parseEvent(JSON.stringify(alert))).toEqual(alert);
  });
  test('names the field that is wrong', () => {
    expect(() => parseEvent(JSON.stringify({ ...alert, threshold: 50 }))).toThrow(/"threshold"/);
    expect(() => parseEvent('{"type":"nope"}')).toThrow(/"type"/);
    expect(() => parseEvent('not json')).toThrow(/not JSON/);
  });
});

const prefix = `opsgraph-test:${randomUUID()}:`;
const memory = new MemoryEventBus();
const backends: Array<[string, () => Promise<[EventBus, EventBus]>]> = [
  ['memory', async () => [memory, memory]],
  // Two bus instances stand for two replicas: what one publishes, the other receives.
  ['redis', async () => Promise.all([new RedisEventBus(TEST_REDIS_URL, prefix).connect(), new RedisEventBus(TEST_REDIS_URL, prefix).connect()])],
];

describe.each(backends)('%s event bus', (_name, open) => {
  test('an event published on one instance reaches a subscriber of another', async () => {
    const [publisher, subscriber] = await open();
    let deliver: (event: OpsEvent) => void = () => undefined;
    const received = new Promise<OpsEvent>((resolve) => (deliver = resolve));
    const unsubscribe = await subscriber.subscribe((event) => deliver(event));
    await publisher.publish(alert);
    expect(await received).toEqual(alert);
    unsubscribe();
    await publisher.close();
    if (subscriber !== publisher) await subscriber.close();
  });
});
