// One upstream subscription, shared by every group of subscribers whose primary fetch is the same: same subgraph,
// tenant and roles, same operation text once its generated name is set aside, same variables. Distinct client
// operations (other names, other fields from other subgraphs, other variables the owner never sees) then cost
// the owning subgraph one subscription, not one each. Each event reaches the groups with its EventScope, through
// which their entity fetches to other subgraphs are coalesced (coalesce.ts): one scope per event id the subgraph
// tagged the result with (platform/subgraph.ts), so feeds with different selections share it too.
import type { Client } from 'graphql-ws';
import type { ExecutionResult } from 'graphql';
import type { UpstreamUser } from './upstream';

/** What the groups resolving one upstream event share: each distinct entity fetch is sent once. */
export class EventScope {
  readonly fetches = new Map<string, Promise<unknown>>();
}

export interface FeedMember {
  receive(result: ExecutionResult<Record<string, unknown>>, scope: EventScope): void;
  /** The upstream subscription ended: with an error, or completed. */
  end(error?: unknown): void;
}

export interface FeedOperation {
  query: string;
  operationName?: string;
  variables: Record<string, unknown>;
}

/** An operation's text without its name: the planner names fetches after the client's operation. */
export const anonymous = (operation: string) => operation.replace(/^\s*(query|mutation|subscription)\s+[_A-Za-z][_0-9A-Za-z]*/, '$1');

export class UpstreamFeed implements UpstreamUser {
  readonly members = new Set<FeedMember>();
  /** Upstream subscriptions by lane: one, or two while the connection renews. */
  private readonly lanes = new Map<number, () => void>();
  private nextLane = 0;
  /** Per lane, events delivered during a handover and not yet seen on the other lane. */
  private handover: Map<number, Map<string, number>> | null = null;

  constructor(
    readonly key: string,
    /** Which upstream connection (subgraph, tenant, roles) this feed subscribes through. */
    readonly clientKey: string,
    private readonly operation: FeedOperation,
    /** The scope of an upstream event, by the id the subgraph tagged it with (shared by every feed it reached). */
    private readonly scopeOf: (eventId: unknown) => EventScope,
  ) {}

  start(client: Client): void {
    this.subscribeLane(client);
  }

  /**
   * One upstream subscription on `client`. While a connection renews itself (upstream.ts) a feed has two lanes,
   * the old and the fresh; an event both deliver is passed on once. Events of a retired lane are ignored.
   */
  private subscribeLane(client: Client): void {
    const lane = this.nextLane++;
    const live = () => this.lanes.has(lane);
    const stop = client.subscribe<Record<string, unknown>, Record<string, unknown>>(this.operation, {
      next: (result) => {
        if (!live() || this.isDuplicate(lane, result)) return;
        const scope = this.scopeOf(result.extensions?.event);
        for (const member of this.members) member.receive(result as ExecutionResult<Record<string, unknown>>, scope);
      },
      error: (error) => {
        if (live()) for (const member of [...this.members]) member.end(error);
      },
      complete: () => {
        if (live()) for (const member of [...this.members]) member.end();
      },
    });
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

  stop(): void {
    const stops = [...this.lanes.values()];
    this.lanes.clear();
    stops.forEach((stop) => stop());
  }
}
