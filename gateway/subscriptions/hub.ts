// Federated subscriptions, the running half. Subscribers with the same operation, variables, tenant and roles on
// this gateway share one upstream subscription to the owning subgraph (over graphql-ws, signed with the
// gateway's identity for that tenant) and one resolution of the rest of the plan per event; each subscriber
// then gets the same result through its own bounded queue, so one that stops reading is dropped without
// holding up the others. The upstream client reconnects on its own (a subgraph restart, a network blip) and
// re-subscribes, so subscribers keep receiving events without doing anything.
import { createHash } from 'node:crypto';
import type { Client } from 'graphql-ws';
import type { ServiceMap } from '@apollo/gateway';
import { signedSubgraphSource } from '../subgraph-source';
import { GraphQLError, type ExecutionResult, type FormattedExecutionResult } from 'graphql';
import type { Identity } from '../../platform/identity';
import { ErrorCode } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import type { SubscriptionPlan, SubscriptionPlanner } from './planner';
import { UpstreamConnection, type UpstreamUser } from './upstream';

export interface HubOptions {
  planner: SubscriptionPlanner;
  subgraphs: Array<{ name: string; url: string }>;
  subgraphSecret: string;
  /** Lifetime of the identity sent with one subgraph HTTP request (default 10 s). */
  identityTtlMs?: number;
  /** Lifetime of an upstream socket's identity: the socket is renewed before (default 5 min). */
  socketIdentityTtlMs?: number;
  /** Idle timeout of pooled HTTP connections to subgraphs (default 5 s). */
  clientIdleMs?: number;
  logger: Logger;
  /** Events sent to one subscriber and not yet taken by its socket before it is dropped (default 1,000). */
  maxPendingEvents?: number;
  /** Formats a result's errors for clients (contract codes, masking), once per event for a whole group. */
  format: (result: ExecutionResult, requestId: string) => unknown;
}

export interface SubscribeRequest {
  plan: SubscriptionPlan;
  source: string;
  variables: Record<string, unknown>;
  identity: Identity;
  /**
   * Sends one event to this subscriber: `payload` is the event's result, serialized once for the whole group.
   * Calls `written` once the socket took it (the backpressure the pending count is kept by).
   */
  send: (payload: string, written: () => void) => void;
  /** Called once when the subscriber falls maxPendingEvents behind; the caller closes its connection. */
  onOverflow: () => void;
}

/**
 * One subscriber's end. Events are written straight to its socket, serialized once per group (graphql-ws would
 * format and serialize each one per subscriber); graphql-ws iterates this generator only to learn when the
 * subscription ends, and sends `complete` after the last event. Unwritten sends are counted: a subscriber that
 * stops reading reaches maxPending and is dropped, and no one else waits for it.
 */
class SubscriberStream implements AsyncGenerator<ExecutionResult> {
  private pending = 0;
  private finished = false;
  private ended: (() => void) | null = null;
  private readonly endPromise = new Promise<void>((resolve) => (this.ended = resolve));

  constructor(
    private readonly maxPending: number,
    private readonly send: SubscribeRequest['send'],
    private readonly onOverflow: () => void,
    private readonly onReturn: () => void,
  ) {}

  push(payload: string): void {
    if (this.finished) return;
    if (this.pending >= this.maxPending) {
      void this.return();
      this.onOverflow();
      return;
    }
    this.pending += 1;
    this.send(payload, () => (this.pending -= 1));
  }

  /** The group is done: the last payload (an error) if any, then `complete` from graphql-ws. */
  end(last?: string): void {
    if (last) this.push(last);
    this.finished = true;
    this.ended?.();
  }

  async next(): Promise<IteratorResult<ExecutionResult>> {
    await this.endPromise;
    return { done: true, value: undefined };
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    if (!this.finished) {
      this.finished = true;
      this.ended?.();
      this.onReturn();
    }
    return { done: true, value: undefined };
  }

  async throw(error: unknown): Promise<IteratorResult<ExecutionResult>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }
}

/** Subscribers of one (operation, variables, tenant, roles): one upstream subscription, one resolution per event. */
class SharedSubscription implements UpstreamUser {
  readonly subscribers = new Set<SubscriberStream>();
  /** Upstream subscriptions by lane: one, or two while the connection renews. */
  private readonly lanes = new Map<number, () => void>();
  private nextLane = 0;
  /** Per lane, events delivered during a handover and not yet seen on the other lane. */
  private handover: Map<number, Map<string, number>> | null = null;
  /** Which upstream client (subgraph, tenant, roles) this group subscribes through. */
  clientKey = '';
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly hub: SubscriptionHub,
    readonly key: string,
    private readonly plan: SubscriptionPlan,
    private readonly variables: Record<string, unknown>,
    private readonly identity: Identity,
  ) {}

  start(client: Client): void {
    this.subscribeLane(client);
  }

  /**
   * One upstream subscription on `client`. While a connection renews itself (upstream.ts) a group has two lanes,
   * the old and the fresh; an event both deliver is passed on once. Events of a retired lane are ignored.
   */
  private subscribeLane(client: Client): void {
    const lane = this.nextLane++;
    const primaryVariables = Object.fromEntries(
      (this.plan.primary.variableUsages ?? []).filter((name) => name in this.variables).map((name) => [name, this.variables[name]]),
    );
    const live = () => this.lanes.has(lane);
    const stop = client.subscribe<Record<string, unknown>, Record<string, unknown>>(
      { query: this.plan.primary.operation, operationName: this.plan.primary.operationName, variables: primaryVariables },
      {
        // In order: each event is resolved and delivered before the next one starts.
        next: (result) => {
          if (!live() || this.isDuplicate(lane, result)) return;
          this.tail = this.tail.then(() => this.deliver(result)).catch((error: Error) => {
            this.hub.logger.error({ err: error }, 'subscription event not resolved');
          });
        },
        error: (error) => {
          if (live()) void this.tail.then(() => this.finish(this.upstreamError(error)));
        },
        complete: () => {
          if (live()) void this.tail.then(() => this.finish());
        },
      },
    );
    this.lanes.set(lane, stop);
  }

  /** Subscribes on a fresh connection too; the returned function ends the older lanes. */
  renew(client: Client): () => void {
    const older = [...this.lanes.keys()];
    this.handover = new Map();
    this.subscribeLane(client);
    return () => {
      for (const lane of older) {
        const stop = this.lanes.get(lane);
        this.lanes.delete(lane);
        stop?.();
      }
      this.handover = null;
    };
  }

  /** During a handover: the same event from the other lane was already delivered (each lane sees events in order). */
  private isDuplicate(lane: number, result: unknown): boolean {
    if (!this.handover) return false;
    const key = JSON.stringify(result);
    for (const [other, seen] of this.handover) {
      const count = other === lane ? 0 : seen.get(key) ?? 0;
      if (count === 0) continue;
      if (count === 1) seen.delete(key);
      else seen.set(key, count - 1);
      return true;
    }
    const mine = this.handover.get(lane) ?? new Map<string, number>();
    this.handover.set(lane, mine.set(key, (mine.get(key) ?? 0) + 1));
    return false;
  }

  private async deliver(upstream: FormattedExecutionResult<Record<string, unknown>>): Promise<void> {
    // The owning subgraph's errors arrive formatted (with their contract codes) and are passed on as they are.
    const result = upstream as ExecutionResult<Record<string, unknown>>;
    if (this.subscribers.size === 0) return;
    this.hub.events += 1;
    let resolved: ExecutionResult;
    if (!result.data) {
      resolved = { errors: result.errors };
    } else {
      const context = { identity: this.identity, requestId: this.requestId };
      resolved = await this.hub.planner.resolveEvent(this.plan, result.data, this.hub.services, this.variables, context, this.hub.logger);
      if (result.errors?.length) resolved = { ...resolved, errors: [...result.errors, ...(resolved.errors ?? [])] };
    }
    const payload = JSON.stringify(this.hub.format(resolved, this.requestId));
    for (const subscriber of this.subscribers) subscriber.push(payload);
  }

  private upstreamError(error: unknown): ExecutionResult {
    if (Array.isArray(error)) return { errors: error as GraphQLError[] };
    this.hub.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'upstream subscription failed');
    return { errors: [new GraphQLError('The subscription ended upstream', { extensions: { code: ErrorCode.PROVIDER_UNAVAILABLE } })] };
  }

  private finish(last?: ExecutionResult): void {
    this.hub.forget(this);
    const payload = last ? JSON.stringify(this.hub.format(last, this.requestId)) : undefined;
    for (const subscriber of this.subscribers) subscriber.end(payload);
    this.subscribers.clear();
  }

  /** Names the group in logs and in its events' errors (each subscriber's own id is in its socket's log line). */
  get requestId(): string {
    return `subscription:${this.key.slice(0, 12)}`;
  }

  remove(subscriber: SubscriberStream): void {
    this.subscribers.delete(subscriber);
    if (this.subscribers.size > 0) return;
    this.hub.forget(this);
    const stops = [...this.lanes.values()];
    this.lanes.clear();
    stops.forEach((stop) => stop());
  }
}

export class SubscriptionHub {
  readonly planner: SubscriptionPlanner;
  readonly logger: Logger;
  readonly services: ServiceMap;
  readonly format: HubOptions['format'];
  /** Events received from upstream (each resolved once for all its subscribers). */
  events = 0;
  private readonly groups = new Map<string, SharedSubscription>();
  /** Upstream graphql-ws clients and how many groups use each: the last group leaving disposes its client. */
  private readonly clients = new Map<string, UpstreamConnection>();
  private readonly urls: Map<string, string>;

  constructor(private readonly options: HubOptions) {
    this.planner = options.planner;
    this.logger = options.logger;
    this.format = options.format;
    this.urls = new Map(options.subgraphs.map((subgraph) => [subgraph.name, subgraph.url]));
    this.services = Object.fromEntries(
      options.subgraphs.map(({ name, url }) => [
        name,
        signedSubgraphSource({ name, url, subgraphSecret: options.subgraphSecret, identityTtlMs: options.identityTtlMs, idleMs: options.clientIdleMs }),
      ]),
    );
  }

  /** Upstream subscriptions open now (one per group of subscribers). */
  get upstreamCount(): number {
    return this.groups.size;
  }

  /** graphql-ws connections to subgraphs held now (one per subgraph, tenant and roles in use). */
  get upstreamConnectionCount(): number {
    return this.clients.size;
  }

  get subscriberCount(): number {
    let count = 0;
    for (const group of this.groups.values()) count += group.subscribers.size;
    return count;
  }

  subscribe(request: SubscribeRequest): AsyncGenerator<ExecutionResult> {
    const identity: Identity = { sub: 'gateway', tenant: request.identity.tenant, roles: [...request.identity.roles].sort() };
    const key = createHash('sha256')
      .update(JSON.stringify([identity.tenant, identity.roles, request.plan.operationName ?? null, request.source, request.variables]))
      .digest('hex');
    let group = this.groups.get(key);
    const fresh = !group;
    group ??= new SharedSubscription(this, key, request.plan, request.variables, identity);
    const shared = group;
    const stream = new SubscriberStream(this.options.maxPendingEvents ?? 1000, request.send, request.onOverflow, () => shared.remove(stream));
    group.subscribers.add(stream);
    if (fresh) {
      this.groups.set(key, group);
      group.clientKey = `${request.plan.primary.serviceName}\n${identity.tenant}\n${identity.roles.join(',')}`;
      group.start(this.clientFor(group.clientKey, request.plan.primary.serviceName, identity, group));
    }
    return stream;
  }

  /** One upstream connection per (subgraph, tenant, roles), opened on the first subscription, closed after the last. */
  private clientFor(key: string, subgraph: string, identity: Identity, group: SharedSubscription): Client {
    let connection = this.clients.get(key);
    if (!connection) {
      const url = this.urls.get(subgraph);
      if (!url) throw new Error(`no subgraph named ${subgraph}`);
      connection = new UpstreamConnection({
        subgraph, url, identity, subgraphSecret: this.options.subgraphSecret, ttlMs: this.options.socketIdentityTtlMs ?? 300_000, logger: this.logger,
      });
      this.clients.set(key, connection);
    }
    connection.users.add(group);
    return connection.client;
  }

  forget(group: SharedSubscription): void {
    if (this.groups.get(group.key) !== group) return;
    this.groups.delete(group.key);
    const used = this.clients.get(group.clientKey);
    if (used?.users.delete(group) && used.users.size === 0) {
      this.clients.delete(group.clientKey);
      // After the group's own unsubscribe (same tick): a lazy client then has nothing left and closes its socket.
      queueMicrotask(() => void used.close());
    }
  }

  async close(): Promise<void> {
    for (const group of [...this.groups.values()]) for (const subscriber of [...group.subscribers]) await subscriber.return();
    await Promise.all([...this.clients.values()].map((connection) => connection.close()));
    this.clients.clear();
  }
}
