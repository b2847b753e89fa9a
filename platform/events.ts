// Events that cross processes: one union type, checked on arrival by parseEvent (which names the field that
// was wrong), carried by graphql-redis-subscriptions across replicas (Redis pub/sub) or by graphql-subscriptions'
// in-process PubSub in embedded mode. Each event goes to one topic (topicOf): tenants never share a topic, so a
// subscriber listens only where its own tenant's events are published.
import Redis from 'ioredis';
import { PubSub, type PubSubEngine } from 'graphql-subscriptions';
import { RedisPubSub } from 'graphql-redis-subscriptions';
import { z } from 'zod';
import { PLATFORM_SCOPE, tenantScope } from './scope';
import { eventLag } from './metrics';

const quotaAlert = z.object({
  type: z.literal('key.quota'),
  tenantId: z.string().nullable(),
  keyId: z.string(),
  provider: z.string(),
  /** 80 or 100: the share of the daily quota just passed. */
  threshold: z.union([z.literal(80), z.literal(100)]),
  used: z.number().int(),
  quota: z.number().int(),
  at: z.string(),
});

const keyDisabled = z.object({
  type: z.literal('key.disabled'),
  tenantId: z.string().nullable(),
  keyId: z.string(),
  provider: z.string(),
  reason: z.string(),
  at: z.string(),
});

/** A key lost its grant (an OAuth refresh token expired or was revoked): it waits for the account owner's consent. */
const keyNeedsConsent = z.object({
  type: z.literal('key.needs_consent'),
  tenantId: z.string().nullable(),
  keyId: z.string(),
  provider: z.string(),
  reason: z.string(),
  at: z.string(),
});

/** An order was created or changed (status, shipments); published after the row is written. */
const orderChanged = z.object({
  type: z.literal('order.changed'),
  tenantId: z.string(),
  orderId: z.string(),
  marketplace: z.string(),
  status: z.string(),
  /** null for an order seen for the first time. */
  previousStatus: z.string().nullable(),
  cause: z.enum(['sync', 'confirm', 'dispatch', 'tracking', 'claim', 'payment']),
  at: z.string(),
});

/** A chat message was stored (the user's or the assistant's reply). */
const chatMessage = z.object({
  type: z.literal('chat.message'),
  tenantId: z.string(),
  conversationId: z.string(),
  messageId: z.string(),
  role: z.string(),
  text: z.string(),
  /** The model that wrote an assistant reply. */
  model: z.string().nullable().optional(),
  /** What an assistant reply used (order:<id>, knowledge:<id>). */
  citations: z.array(z.string()).optional(),
  createdAt: z.string(),
});

/**
 * A piece of an assistant reply as the model writes it, before it is stored (on the chat topic, so it reaches the
 * same subscribers, in order). `sequence` counts from 0 per attempt: a 0 starts the reply's text over (a model turn
 * that went on to call tools, or a provider that failed midway and the other one answering). The stored reply
 * (`chat.message`, same `messageId`) follows and is what counts.
 */
const chatDelta = z.object({
  type: z.literal('chat.delta'),
  tenantId: z.string(),
  conversationId: z.string(),
  messageId: z.string(),
  sequence: z.number().int().nonnegative(),
  delta: z.string(),
  createdAt: z.string(),
});

/** A parcel's state moved (a carrier webhook); commerce turns it into order.changed for the orders it ships. */
const parcelUpdated = z.object({
  type: z.literal('parcel.updated'),
  tenantId: z.string(),
  carrier: z.string(),
  trackingNumber: z.string(),
  status: z.string(),
  at: z.string(),
});

export const eventSchema = z.discriminatedUnion('type', [quotaAlert, keyDisabled, keyNeedsConsent, orderChanged, chatMessage, chatDelta, parcelUpdated]);
export type OpsEvent = z.infer<typeof eventSchema>;
export type EventOf<T extends OpsEvent['type']> = Extract<OpsEvent, { type: T }>;

export class EventParseError extends Error {}

export function parseEvent(raw: string): OpsEvent {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new EventParseError('event is not JSON');
  }
  const parsed = eventSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EventParseError(`event field "${issue.path.join('.') || 'type'}" is not valid: ${issue.message}`);
  }
  return parsed.data;
}

/**
 * The topics events are published to. The platform's own (shared-pool) key events go to `key:platform`; a
 * tenant's to `key:t:<tenant>`, so a tenant called "platform" never hears the shared pool's (platform/scope.ts).
 */
export const topics = {
  orders: (tenantId: string) => `order.changed:${tenantScope(tenantId)}`,
  chat: (tenantId: string, conversationId: string) => `chat.message:${tenantScope(tenantId)}:${encodeURIComponent(conversationId)}`,
  keys: (tenantId: string | null) => `key:${tenantId === null ? PLATFORM_SCOPE : tenantScope(tenantId)}`,
  /** Every tenant's parcels on one topic: only commerce listens, and it looks each parcel up by tenant. */
  parcels: () => 'parcel.updated',
};

export function topicOf(event: OpsEvent): string {
  switch (event.type) {
    case 'order.changed':
      return topics.orders(event.tenantId);
    case 'chat.message':
    case 'chat.delta':
      return topics.chat(event.tenantId, event.conversationId);
    case 'key.quota':
    case 'key.disabled':
    case 'key.needs_consent':
      return topics.keys(event.tenantId);
    case 'parcel.updated':
      return topics.parcels();
  }
}

export interface EventBus {
  publish(event: OpsEvent): Promise<void>;
  /** Calls the handler for each event on these topics; returns the unsubscribe function. */
  subscribe(topicNames: string | string[], handler: (event: OpsEvent) => void): Promise<() => void>;
  /**
   * The events on these topics as an async iterator (a GraphQL subscription's source), once the subscription is
   * in place (for Redis: acknowledged), so an event published after this resolves reaches it; `return()` unsubscribes.
   */
  iterate<T extends OpsEvent = OpsEvent>(topicNames: string | string[], accept?: (event: OpsEvent) => event is T): Promise<AsyncIterableIterator<T>>;
  close(): Promise<void>;
}

/** One EventBus over any graphql-subscriptions engine: the in-process PubSub or graphql-redis-subscriptions. */
class PubSubEventBus implements EventBus {
  constructor(
    private readonly engine: PubSubEngine,
    private readonly prefix: string,
    private readonly closeEngine: () => Promise<void>,
  ) {}

  async publish(event: OpsEvent): Promise<void> {
    // Checked on the way out too: a malformed event fails its publisher, not every subscriber.
    const checked = eventSchema.parse(event);
    await this.engine.publish(this.prefix + topicOf(checked), checked);
  }

  async subscribe(topicNames: string | string[], handler: (event: OpsEvent) => void): Promise<() => void> {
    const ids = await Promise.all(
      [topicNames].flat().map((topic) =>
        this.engine.subscribe(this.prefix + topic, (event: OpsEvent | undefined) => {
          if (!event) return;
          const at = Date.parse('at' in event ? event.at : event.createdAt);
          if (Number.isFinite(at)) eventLag.observe({ type: event.type }, Math.max(0, Date.now() - at) / 1000);
          handler(event);
        }, {}),
      ),
    );
    return () => ids.forEach((id) => {
      this.engine.unsubscribe(id);
    });
  }

  async iterate<T extends OpsEvent = OpsEvent>(
    topicNames: string | string[],
    accept: (event: OpsEvent) => event is T = (_event): _event is T => true,
  ): Promise<AsyncIterableIterator<T>> {
    const queue: T[] = [];
    let waiting: ((result: IteratorResult<T>) => void) | null = null;
    let done = false;
    // Resolves once Redis acknowledged the SUBSCRIBE: nothing published after this returns is missed.
    const unsubscribe = await this.subscribe(topicNames, (event) => {
      if (done || !accept(event)) return;
      if (waiting) {
        const wake = waiting;
        waiting = null;
        wake({ done: false, value: event });
      } else {
        queue.push(event);
      }
    });
    const iterator: AsyncIterableIterator<T> = {
      next: () => {
        if (queue.length > 0) return Promise.resolve({ done: false, value: queue.shift()! });
        if (done) return Promise.resolve({ done: true, value: undefined });
        return new Promise((resolve) => (waiting = resolve));
      },
      async return() {
        if (!done) {
          done = true;
          unsubscribe();
          queue.length = 0;
          waiting?.({ done: true, value: undefined });
        }
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  close(): Promise<void> {
    return this.closeEngine();
  }
}

export class MemoryEventBus extends PubSubEventBus {
  constructor() {
    const engine = new PubSub();
    super(engine, '', async () => undefined);
  }
}

export class RedisEventBus extends PubSubEventBus {
  private constructor(engine: RedisPubSub, prefix: string, private readonly clients: Redis[]) {
    super(engine, prefix, async () => {
      await Promise.all(this.clients.map((client) => client.quit().catch(() => client.disconnect())));
    });
  }

  /**
   * ioredis reconnects after a Redis restart and re-subscribes to every channel (autoResubscribe), so
   * subscribers keep receiving events without doing anything; what is published while Redis is away waits
   * in the publisher's offline queue.
   */
  static async open(url: string, keyPrefix: string, onBadEvent: (error: Error) => void = () => undefined): Promise<RedisEventBus> {
    const options = { lazyConnect: true, maxRetriesPerRequest: null, retryStrategy: (attempt: number) => Math.min(50 * attempt, 1000) };
    const publisher = new Redis(url, options);
    const subscriber = new Redis(url, options);
    // Reconnection is ioredis' job; an 'error' with no listener would crash the process meanwhile.
    for (const client of [publisher, subscriber]) client.on('error', () => undefined);
    await Promise.all([publisher.connect(), subscriber.connect()]);
    const engine = new RedisPubSub({
      publisher,
      subscriber,
      deserializer: (raw) => {
        try {
          return parseEvent(String(raw));
        } catch (error) {
          onBadEvent(error as Error);
          return undefined;
        }
      },
    });
    return new RedisEventBus(engine, `${keyPrefix}events:`, [publisher, subscriber]);
  }
}

export async function openEventBus(
  pubsub: { mode: 'redis'; redisUrl: string } | { mode: 'memory' },
  keyPrefix = 'opsgraph:',
  onBadEvent?: (error: Error) => void,
): Promise<EventBus> {
  return pubsub.mode === 'redis' ? RedisEventBus.open(pubsub.redisUrl, keyPrefix, onBadEvent) : new MemoryEventBus();
}
