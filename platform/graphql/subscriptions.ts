// The source of a subgraph's subscription field: the caller's role checked once, when it subscribes (type-graphql's
// @Authorized guards each event's resolver, not the subscribe), then the events of the caller's own tenant's
// topics that pass the field's filter.
import { requireRole, type Identity, type Role } from '../identity';
import type { EventBus, OpsEvent } from '../events';

export async function eventSource<T extends OpsEvent>(
  context: { identity: Identity; events: EventBus },
  role: Role,
  topicNames: string | string[],
  accept: (event: OpsEvent) => event is T,
): Promise<AsyncIterable<T>> {
  requireRole(context.identity, role);
  // Awaited: the subscription counts as running (graphql-ws onOperation) only once its topics are subscribed.
  return context.events.iterate(topicNames, accept);
}
