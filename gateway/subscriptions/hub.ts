// Federated subscriptions, the running half. Subscribers with the same operation, variables, tenant and roles on
// this gateway form a group: one resolution of the rest of the plan per event. Groups whose primary fetch is the
// same share one upstream subscription to the owning subgraph (feed.ts; over graphql-ws, with the gateway's
// identity for that tenant, upstream.ts), and per event their entity fetches are sent once (coalesce.ts); each
// subscriber then gets the result through its own bounded queue, so one that stops reading is dropped without
// holding up the others. The upstream client reconnects on its own (a subgraph restart, a network blip) and
// re-subscribes, so subscribers keep receiving events without doing anything.
import { createHash } from 'node:crypto';
import type { Client } from 'graphql-ws';
import type { ServiceMap } from '@apollo/gateway';
import { GraphQLError, type ExecutionResult } from 'graphql';
import { signedSubgraphSource } from '../subgraph-source';
import type { Identity } from '../../platform/identity';
import { ErrorCode } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import type { SubscriptionPlan, SubscriptionPlanner } from './planner';
import { UpstreamConnection } from './upstream';
import { EventScope, UpstreamFeed, anonymous, type FeedMember } from './feed';
import { Pacer, coalescedServices } from './coalesce';

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

/** Subscribers of one (operation, variables, tenant, roles): one resolution per event, on a feed it may share. */
class SharedSubscription implements FeedMember {
  readonly subscribers = new Set<SubscriberStream>();
  /** The upstream subscription this group listens to (shared with groups of the same primary fetch). */
  feed: UpstreamFeed | null = null;
  private readonly backlog: Array<{ result: ExecutionResult<Record<string, unknown>>; scope: EventScope } | { end: true; error: unknown }> = [];
  private draining = false;

  constructor(
    private readonly hub: SubscriptionHub,
    readonly key: string,
    readonly plan: SubscriptionPlan,
    readonly variables: Record<string, unknown>,
    private readonly identity: Identity,
  ) {}

  /**
   * In order: each event is resolved and delivered before the next one starts; the pacer slices the work. The
   * backlog is a plain list (events are shared by the feed's groups), not a chain of promises per event: in a burst
   * over thousands of groups that chain's closures filled the heap.
   */
  receive(result: ExecutionResult<Record<string, unknown>>, scope: EventScope): void {
    this.backlog.push({ result, scope });
    if (!this.draining) void this.drain();
  }

  end(error?: unknown): void {
    this.backlog.push({ end: true, error });
    if (!this.draining) void this.drain();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    while (this.backlog.length > 0) {
      const next = this.backlog.shift()!;
      if ('end' in next) {
        this.finish(next.error === undefined ? undefined : this.upstreamError(next.error));
        continue;
      }
      await this.hub.pacer.run(() => this.deliver(next.result, next.scope)).catch((error: Error) => {
        this.hub.logger.error({ err: error }, 'subscription event not resolved');
      });
    }
    this.draining = false;
  }

  private async deliver(result: ExecutionResult<Record<string, unknown>>, scope: EventScope): Promise<void> {
    // The owning subgraph's errors arrive formatted (with their contract codes) and are passed on as they are.
    if (this.subscribers.size === 0) return;
    this.hub.events += 1;
    let resolved: ExecutionResult;
    if (!result.data) {
      resolved = { errors: result.errors };
    } else {
      const context = { identity: this.identity, requestId: this.requestId };
      const services = coalescedServices(this.hub.services, scope);
      resolved = await this.hub.planner.resolveEvent(this.plan, result.data, services, this.variables, context, this.hub.logger);
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
    this.backlog.length = 0;
    this.hub.forget(this);
  }
}

export class SubscriptionHub {
  readonly planner: SubscriptionPlanner;
  readonly logger: Logger;
  services: ServiceMap;
  readonly format: HubOptions['format'];
  /** Events received from upstream (each resolved once for all its subscribers). */
  events = 0;
  private readonly groups = new Map<string, SharedSubscription>();
  /** Upstream subscriptions by primary fetch (subgraph, tenant, roles, operation text, variables). */
  private readonly feeds = new Map<string, UpstreamFeed>();
  /** Upstream events being resolved, by connection and event id. */
  private readonly scopes = new Map<string, EventScope>();
  /** Slices the resolution of events, so a burst over many groups leaves room for requests. */
  readonly pacer = new Pacer();
  /** Upstream graphql-ws clients and how many groups use each: the last group leaving disposes its client. */
  private readonly clients = new Map<string, UpstreamConnection>();
  private urls: Map<string, string>;

  constructor(private readonly options: HubOptions) {
    this.planner = options.planner;
    this.logger = options.logger;
    this.format = options.format;
    this.urls = new Map();
    this.services = {};
    this.setSubgraphs(options.subgraphs);
  }

  /** The subgraphs new subscriptions reach (a reloaded supergraph's); feeds already open keep their connections. */
  setSubgraphs(subgraphs: ReadonlyArray<{ name: string; url: string }>): void {
    this.urls = new Map(subgraphs.map((subgraph) => [subgraph.name, subgraph.url]));
    this.services = Object.fromEntries(
      subgraphs.map(({ name, url }) => [
        name,
        signedSubgraphSource({ name, url, subgraphSecret: this.options.subgraphSecret, identityTtlMs: this.options.identityTtlMs, idleMs: this.options.clientIdleMs }),
      ]),
    );
  }

  /** Upstream subscriptions open now (one per distinct primary fetch, shared by its groups). */
  get upstreamCount(): number {
    return this.feeds.size;
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
      this.join(group, identity);
    }
    return stream;
  }

  /** Puts a new group on the feed of its primary fetch, opening the feed (and its connection) if it is the first. */
  private join(group: SharedSubscription, identity: Identity): void {
    const { primary } = group.plan;
    const variables = Object.fromEntries(
      (primary.variableUsages ?? []).filter((name) => name in group.variables).map((name) => [name, group.variables[name]]),
    );
    const clientKey = `${primary.serviceName}\n${identity.tenant}\n${identity.roles.join(',')}`;
    const feedKey = `${clientKey}\n${anonymous(primary.operation)}\n${JSON.stringify(variables)}`;
    let feed = this.feeds.get(feedKey);
    if (!feed) {
      feed = new UpstreamFeed(feedKey, clientKey, { query: primary.operation, operationName: primary.operationName, variables }, (eventId) =>
        this.scopeOf(clientKey, eventId));
      this.feeds.set(feedKey, feed);
      feed.start(this.clientFor(clientKey, primary.serviceName, identity, feed));
    }
    feed.members.add(group);
    group.feed = feed;
  }

  /**
   * The scope of one upstream event, shared by all feeds it reached on one connection (the subgraph tags each
   * result with its event's id). Kept a few seconds: enough for every group to resolve it, too short to matter.
   */
  private scopeOf(clientKey: string, eventId: unknown): EventScope {
    if (typeof eventId !== 'string') return new EventScope();
    const key = `${clientKey}\n${eventId}`;
    let scope = this.scopes.get(key);
    if (!scope) {
      this.scopes.set(key, (scope = new EventScope()));
      setTimeout(() => this.scopes.delete(key), 30_000).unref();
    }
    return scope;
  }

  /** One upstream connection per (subgraph, tenant, roles), opened on the first feed, closed after the last. */
  private clientFor(key: string, subgraph: string, identity: Identity, feed: UpstreamFeed): Client {
    let connection = this.clients.get(key);
    if (!connection) {
      const url = this.urls.get(subgraph);
      if (!url) throw new Error(`no subgraph named ${subgraph}`);
      connection = new UpstreamConnection({
        subgraph, url, identity, subgraphSecret: this.options.subgraphSecret, ttlMs: this.options.socketIdentityTtlMs ?? 300_000, logger: this.logger,
      });
      this.clients.set(key, connection);
    }
    connection.users.add(feed);
    return connection.client;
  }

  /** A group is done: the last group of a feed ends its upstream subscription, the last feed its connection. */
  forget(group: SharedSubscription): void {
    if (this.groups.get(group.key) !== group) return;
    this.groups.delete(group.key);
    const feed = group.feed;
    if (!feed?.members.delete(group) || feed.members.size > 0) return;
    this.feeds.delete(feed.key);
    feed.stop();
    const used = this.clients.get(feed.clientKey);
    if (used?.users.delete(feed) && used.users.size === 0) {
      this.clients.delete(feed.clientKey);
      // After the feed's own unsubscribe (same tick): a lazy client then has nothing left and closes its socket.
      queueMicrotask(() => void used.close());
    }
  }

  async close(): Promise<void> {
    for (const group of [...this.groups.values()]) for (const subscriber of [...group.subscribers]) await subscriber.return();
    await Promise.all([...this.clients.values()].map((connection) => connection.close()));
    this.clients.clear();
  }
}
