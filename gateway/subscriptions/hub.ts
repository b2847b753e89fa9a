// Federated subscriptions, the running half. Subscribers with the same operation, variables, tenant and roles on
// this gateway share one upstream subscription to the owning subgraph (over graphql-ws, signed with the
// gateway's identity for that tenant) and one resolution of the rest of the plan per event; each subscriber
// then gets the same result through its own bounded queue, so one that stops reading is dropped without
// holding up the others. The upstream client reconnects on its own (a subgraph restart, a network blip) and
// re-subscribes, so subscribers keep receiving events without doing anything.
import { createHash } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { ServiceMap } from '@apollo/gateway';
import { signedSubgraphSource } from '../subgraph-source';
import { GraphQLError, type ExecutionResult, type FormattedExecutionResult } from 'graphql';
import { IDENTITY_HEADER, signSubgraphIdentity, type Identity } from '../../platform/identity';
import { ErrorCode } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import type { SubscriptionPlan, SubscriptionPlanner } from './planner';

export interface HubOptions {
  planner: SubscriptionPlanner;
  subgraphs: Array<{ name: string; url: string }>;
  subgraphSecret: string;
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
class SharedSubscription {
  readonly subscribers = new Set<SubscriberStream>();
  private stopUpstream: (() => void) | null = null;
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
    const primaryVariables = Object.fromEntries(
      (this.plan.primary.variableUsages ?? []).filter((name) => name in this.variables).map((name) => [name, this.variables[name]]),
    );
    this.stopUpstream = client.subscribe<Record<string, unknown>, Record<string, unknown>>(
      { query: this.plan.primary.operation, operationName: this.plan.primary.operationName, variables: primaryVariables },
      {
        // In order: each event is resolved and delivered before the next one starts.
        next: (result) => {
          this.tail = this.tail.then(() => this.deliver(result)).catch((error: Error) => {
            this.hub.logger.error({ err: error }, 'subscription event not resolved');
          });
        },
        error: (error) => {
          void this.tail.then(() => this.finish(this.upstreamError(error)));
        },
        complete: () => {
          void this.tail.then(() => this.finish());
        },
      },
    );
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
    this.stopUpstream?.();
    this.stopUpstream = null;
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
  private readonly clients = new Map<string, { client: Client; groups: number }>();
  private readonly urls: Map<string, string>;

  constructor(private readonly options: HubOptions) {
    this.planner = options.planner;
    this.logger = options.logger;
    this.format = options.format;
    this.urls = new Map(options.subgraphs.map((subgraph) => [subgraph.name, subgraph.url]));
    this.services = Object.fromEntries(options.subgraphs.map(({ name, url }) => [name, signedSubgraphSource(url, options.subgraphSecret)]));
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
      group.start(this.clientFor(group.clientKey, request.plan.primary.serviceName, identity));
    }
    return stream;
  }

  /**
   * One graphql-ws connection per (subgraph, tenant, roles), opened on the first subscription and closed when the
   * last ends. The identity is signed afresh on every (re)connect: the signature is short-lived.
   */
  private clientFor(key: string, subgraph: string, identity: Identity): Client {
    const existing = this.clients.get(key);
    if (existing) {
      existing.groups += 1;
      return existing.client;
    }
    const url = this.urls.get(subgraph);
    if (!url) throw new Error(`no subgraph named ${subgraph}`);
    const client = createClient({
      url: url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      lazy: true,
      keepAlive: 10_000,
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => true,
      retryWait: async (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** retries, 2000) + Math.random() * 100)),
      connectionParams: async () => ({ [IDENTITY_HEADER]: await signSubgraphIdentity(identity, this.options.subgraphSecret) }),
      on: {
        connected: () => this.logger.debug({ subgraph }, 'upstream subscription connection open'),
        closed: (event) => this.logger.debug({ subgraph, code: (event as { code?: number })?.code }, 'upstream subscription connection closed'),
      },
    });
    this.clients.set(key, { client, groups: 1 });
    return client;
  }

  forget(group: SharedSubscription): void {
    if (this.groups.get(group.key) !== group) return;
    this.groups.delete(group.key);
    const used = this.clients.get(group.clientKey);
    if (used && --used.groups === 0) {
      this.clients.delete(group.clientKey);
      // After the group's own unsubscribe (same tick): a lazy client then has nothing left and closes its socket.
      queueMicrotask(() => void used.client.dispose());
    }
  }

  async close(): Promise<void> {
    for (const group of [...this.groups.values()]) for (const subscriber of [...group.subscribers]) await subscriber.return();
    await Promise.all([...this.clients.values()].map(({ client }) => client.dispose()));
    this.clients.clear();
  }
}
