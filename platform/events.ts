// Events that cross processes: one union type, checked on arrival by parseEvent (which names the field that
// was wrong), carried by Redis pub/sub across replicas or by an in-process emitter in embedded mode.
import { EventEmitter } from 'node:events';
import Redis from 'ioredis';
import { z } from 'zod';

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

export const eventSchema = z.discriminatedUnion('type', [quotaAlert, keyDisabled]);
export type OpsEvent = z.infer<typeof eventSchema>;

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

export interface EventBus {
  publish(event: OpsEvent): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(handler: (event: OpsEvent) => void): Promise<() => void>;
  close(): Promise<void>;
}

export class MemoryEventBus implements EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async publish(event: OpsEvent): Promise<void> {
    const checked = parseEvent(JSON.stringify(event));
    queueMicrotask(() => this.emitter.emit('event', checked));
  }

  async subscribe(handler: (event: OpsEvent) => void): Promise<() => void> {
    this.emitter.on('event', handler);
    return () => this.emitter.off('event', handler);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

export class RedisEventBus implements EventBus {
  private readonly publisher: Redis;
  private subscriber: Redis | null = null;
  private readonly handlers = new Set<(event: OpsEvent) => void>();
  private readonly channel: string;

  constructor(private readonly url: string, keyPrefix: string, private readonly onBadEvent: (error: Error) => void = () => undefined) {
    this.publisher = new Redis(url, { lazyConnect: true });
    this.channel = `${keyPrefix}events`;
  }

  async connect(): Promise<this> {
    await this.publisher.connect();
    return this;
  }

  async publish(event: OpsEvent): Promise<void> {
    await this.publisher.publish(this.channel, JSON.stringify(event));
  }

  async subscribe(handler: (event: OpsEvent) => void): Promise<() => void> {
    if (!this.subscriber) {
      const subscriber = new Redis(this.url, { lazyConnect: true });
      await subscriber.connect();
      await subscriber.subscribe(this.channel);
      subscriber.on('message', (_channel: string, raw: string) => {
        try {
          const event = parseEvent(raw);
          for (const h of this.handlers) h(event);
        } catch (error) {
          this.onBadEvent(error as Error);
        }
      });
      this.subscriber = subscriber;
    }
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async close(): Promise<void> {
    this.handlers.clear();
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
    await this.publisher.quit().catch(() => this.publisher.disconnect());
  }
}

export async function openEventBus(
  pubsub: { mode: 'redis'; redisUrl: string } | { mode: 'memory' },
  keyPrefix = 'opsgraph:',
): Promise<EventBus> {
  return pubsub.mode === 'redis' ? new RedisEventBus(pubsub.redisUrl, keyPrefix).connect() : new MemoryEventBus();
}
