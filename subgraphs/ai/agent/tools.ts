// The assistant's tools: reads of the caller's own tenant, each through the subgraph that owns the data (peers.ts)
// or the tenant-scoped knowledge base. A tool's failure or an empty result is a value the model reads, not an error
// of the reply: "not found" is an answer the assistant must be able to give.
import type { Identity } from '../../../platform/identity';
import { hasRole } from '../../../platform/identity';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import { queryPeer, type PeerOptions } from './peers';

/** A tool as both providers declare one: a name, what it is for, and a JSON schema of its input. */
export interface ToolDefinition {
  name: string;
  description: string;
  parameters: { type: 'object'; properties: Record<string, { type: 'string'; description: string }>; required: string[]; additionalProperties: false };
}

export interface ToolOutcome {
  /** What the model reads: JSON of what was found, or `{ "found": false, … }`. */
  content: string;
  /** One line for the stored step. */
  summary: string;
  /** What the answer may cite: `order:<id>`, `knowledge:<id>`. */
  citations: string[];
  isError: boolean;
}

export interface ToolContext {
  identity: Identity;
  peers: PeerOptions;
  knowledge: Pick<KnowledgeBase, 'search'>;
  signal?: AbortSignal;
}

const stringParam = (description: string) => ({ type: 'string' as const, description });
const define = (name: string, description: string, param: string, about: string): ToolDefinition => ({
  name, description, parameters: { type: 'object', properties: { [param]: stringParam(about) }, required: [param], additionalProperties: false },
});

export const TOOLS: ToolDefinition[] = [
  define('find_order', "Finds one of the seller's orders by the marketplace's own order number: its opsgraph id, status, items and amount.",
    'marketplaceOrderNumber', 'The order number as the marketplace shows it, e.g. 2024112512345678'),
  define('order_shipments', 'The parcels of an order (by its opsgraph id from find_order): carrier, tracking number, status and tracking events.',
    'orderId', 'The opsgraph order id returned by find_order'),
  define('order_payment', 'The payment of an order (by its opsgraph id from find_order) and its tax invoice, if any.',
    'orderId', 'The opsgraph order id returned by find_order'),
  define('search_knowledge', "Searches the seller's knowledge base (policies, FAQ answers) for passages answering a question.",
    'query', 'The question or keywords to search for'),
];

const ORDER_FIELDS = 'id marketplace externalId status orderedAt buyerName total { amount currency } items { name quantity }';
const FIND_ORDER = `query AgentFindOrder($filter: OrderFilter) { orders(filter: $filter, first: 1) { edges { node { ${ORDER_FIELDS} } } } }`;
const ORDER_KEYS = 'query AgentOrderKeys($id: ID!) { order(id: $id) { id marketplace externalId trackingRefs marketplacePayment } }';
const SHIPMENTS = `query AgentShipments($representations: [_Any!]!) { _entities(representations: $representations) { ... on Order {
  shipments { carrier trackingNumber status lastEvent { at location description } events { at location description } } } } }`;
const PAYMENT = `query AgentPayment($representations: [_Any!]!) { _entities(representations: $representations) { ... on Order {
  payment { provider status amount { amount currency } paidAt method }
  taxInvoice { status mgtKey ntsConfirmNumber totalAmount { amount currency } issuedAt } } } }`;

interface OrderKeys { id: string; marketplace: string; externalId: string; trackingRefs: string[]; marketplacePayment: string | null }

const found = (value: unknown, summary: string, citations: string[]): ToolOutcome => ({ content: JSON.stringify({ found: true, ...value as object }), summary, citations, isError: false });
const notFound = (what: string): ToolOutcome => ({ content: JSON.stringify({ found: false, reason: `${what} was not found among this seller's data` }), summary: `${what}: not found`, citations: [], isError: false });

async function orderKeys(ctx: ToolContext, id: string): Promise<OrderKeys | null> {
  const data = await queryPeer<{ order: OrderKeys | null }>(ctx.peers, ctx.identity, 'commerce', ORDER_KEYS, { id }, ctx.signal);
  return data.order;
}

type Runner = (ctx: ToolContext, input: string) => Promise<ToolOutcome>;

const RUNNERS: Record<string, Runner> = {
  async find_order(ctx, number) {
    const data = await queryPeer<{ orders: { edges: Array<{ node: { id: string; status: string } }> } }>(
      ctx.peers, ctx.identity, 'commerce', FIND_ORDER, { filter: { externalId: number } }, ctx.signal);
    const order = data.orders.edges[0]?.node;
    return order ? found({ order }, `order ${number}: ${order.id}, ${order.status}`, [`order:${order.id}`]) : notFound(`Order number ${number}`);
  },
  async order_shipments(ctx, orderId) {
    const keys = await orderKeys(ctx, orderId);
    if (!keys) return notFound(`Order ${orderId}`);
    const representations = [{ __typename: 'Order', id: keys.id, trackingRefs: keys.trackingRefs }];
    const data = await queryPeer<{ _entities: Array<{ shipments: Array<{ carrier: string; trackingNumber: string; status: string }> | null }> }>(
      ctx.peers, ctx.identity, 'logistics', SHIPMENTS, { representations }, ctx.signal);
    const shipments = data._entities[0]?.shipments ?? [];
    const line = shipments.map((s) => `${s.carrier} ${s.trackingNumber} ${s.status}`).join('; ') || 'no parcels';
    return found({ orderId: keys.id, shipments }, `shipments of ${keys.id}: ${line}`, [`order:${keys.id}`]);
  },
  async order_payment(ctx, orderId) {
    const keys = await orderKeys(ctx, orderId);
    if (!keys) return notFound(`Order ${orderId}`);
    const representations = [{ __typename: 'Order', id: keys.id, marketplace: keys.marketplace, externalId: keys.externalId, marketplacePayment: keys.marketplacePayment }];
    const data = await queryPeer<{ _entities: Array<{ payment: { status: string } | null; taxInvoice: { status: string; mgtKey: string | null } | null }> }>(
      ctx.peers, ctx.identity, 'finance', PAYMENT, { representations }, ctx.signal);
    const { payment = null, taxInvoice = null } = data._entities[0] ?? {};
    const line = `payment ${payment?.status ?? 'none'}, tax invoice ${taxInvoice ? `${taxInvoice.status} ${taxInvoice.mgtKey ?? ''}`.trim() : 'none'}`;
    return found({ orderId: keys.id, payment, taxInvoice }, `payment of ${keys.id}: ${line}`, [`order:${keys.id}`]);
  },
  async search_knowledge(ctx, query) {
    const hits = await ctx.knowledge.search(ctx.identity.tenant, query, 3);
    if (!hits.length) return notFound(`Knowledge about "${query}"`);
    const documents = hits.map((hit) => ({ id: hit.document.id, title: hit.document.title, snippet: hit.snippet }));
    return found({ documents }, `knowledge "${query}": ${documents.map((d) => d.title).join(', ')}`, documents.map((d) => `knowledge:${d.id}`));
  },
};

/** Runs one tool call as the model sent it; unknown tools, bad input and failed reads come back as error values. */
export async function runTool(ctx: ToolContext, name: string, input: unknown): Promise<ToolOutcome> {
  const tool = TOOLS.find((t) => t.name === name);
  const runner = RUNNERS[name];
  if (!tool || !runner) return failed(`There is no tool named "${name}"`);
  // The tools read as a viewer would: a caller without even that role is given nothing.
  if (!hasRole(ctx.identity, 'viewer')) return failed('The caller may not read orders');
  const param = tool.parameters.required[0];
  const value = (input as Record<string, unknown> | null)?.[param];
  if (typeof value !== 'string' || !value.trim()) return failed(`"${param}" must be a non-empty string`);
  try {
    return await runner(ctx, value.trim());
  } catch (error) {
    return failed(`${name} failed: ${(error as Error).message}`);
  }
}

function failed(reason: string): ToolOutcome {
  return { content: JSON.stringify({ error: reason }), summary: reason, citations: [], isError: true };
}
