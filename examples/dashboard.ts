// A live orders dashboard in the terminal: one line per order that is created or changes, with its status, parcels
// and payment, which come from three subgraphs (commerce, logistics, finance) but arrive as one event.
//
//   npm start                                   # prints the gateway URL and a dev token for tenant `demo`
//   OPSGRAPH_TOKEN=<token> node -r ./platform/register.js examples/dashboard.ts
//
// OPSGRAPH_URL defaults to http://127.0.0.1:4000/graphql. Subscriptions use graphql-ws on the same /graphql path
// as queries; the token travels in connectionParams because browsers cannot set headers on a WebSocket.
// Events are not stored for absent subscribers: when the connection drops, graphql-ws reconnects and resubscribes
// by itself, and this script then asks for the orders that changed meanwhile (`orders(filter: { updatedAfter })`).
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const httpUrl = process.env.OPSGRAPH_URL ?? 'http://127.0.0.1:4000/graphql';
const token = process.env.OPSGRAPH_TOKEN;
if (!token) {
  console.error('Set OPSGRAPH_TOKEN to a token of your tenant: `npm start` prints one, or `npm run -s token -- --tenant demo --role viewer`.');
  process.exit(1);
}

// The acceptance operation plus the times the dashboard needs: `at` to print, `order.updatedAt` to catch up from.
const ORDER_STATUS_CHANGED = /* GraphQL */ `
  subscription OrderStatusChanged($marketplace: Marketplace) {
    orderStatusChanged(marketplace: $marketplace) {
      previousStatus
      at
      order { id status marketplace updatedAt shipments { carrier trackingNumber status } payment { status } }
    }
  }`;

const CHANGED_SINCE = /* GraphQL */ `
  query ChangedSince($since: DateTime!, $after: String) {
    orders(first: 100, after: $after, filter: { updatedAfter: $since }) {
      pageInfo { hasNextPage endCursor }
      edges { node { id status marketplace updatedAt shipments { carrier trackingNumber status } payment { status } } }
    }
  }`;

interface Order {
  id: string;
  status: string;
  marketplace: string;
  updatedAt: string;
  shipments: Array<{ carrier: string; trackingNumber: string; status: string }> | null;
  payment: { status: string } | null;
}

// Catch-up asks a little further back than the newest change seen: two orders written at nearly the same time can
// announce themselves out of order, and the client's clock (used before the first event) may run ahead.
const OVERLAP_MS = 5_000;
/** The newest change seen (the order's updatedAt, the time the filter compares); the start time before any. */
let since = Date.now();
/** The newest state printed per order: a state is printed once, whether it came live or from a catch-up. */
const printed = new Map<string, number>();

function print(order: Order, change: { previousStatus: string | null; at: string } | 'missed'): void {
  const updatedAt = Date.parse(order.updatedAt);
  if ((printed.get(order.id) ?? -Infinity) >= updatedAt) return;
  printed.set(order.id, updatedAt);
  since = Math.max(since, updatedAt);
  const when = new Date(change === 'missed' ? order.updatedAt : change.at).toLocaleTimeString();
  const from = change === 'missed' ? '(missed)' : change.previousStatus ?? 'new';
  const parcels = order.shipments?.length
    ? order.shipments.map((s) => `${s.carrier} ${s.trackingNumber} ${s.status}`).join(', ')
    : 'no parcel';
  console.log(`${when}  ${order.id}  ${order.marketplace.padEnd(8)}  ${from} → ${order.status}  [${parcels}]  payment: ${order.payment?.status ?? '—'}`);
}

/** Everything that changed since the newest state seen, page by page, oldest change first. */
async function catchUp(): Promise<void> {
  const missed: Order[] = [];
  let after: string | null = null;
  do {
    const response = await fetch(httpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: CHANGED_SINCE, variables: { since: new Date(since - OVERLAP_MS).toISOString(), after } }),
    });
    const body = (await response.json()) as { data?: { orders: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ node: Order }> } }; errors?: unknown[] };
    if (!body.data) throw new Error(`catching up failed: ${JSON.stringify(body.errors)}`);
    missed.push(...body.data.orders.edges.map((edge) => edge.node));
    after = body.data.orders.pageInfo.hasNextPage ? body.data.orders.pageInfo.endCursor : null;
  } while (after);
  missed.sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt)).forEach((order) => print(order, 'missed'));
}

// Printing goes through one chain so a catch-up finishes before the live events that follow it are shown.
let output = Promise.resolve();
const then = (step: () => void | Promise<void>) => {
  output = output.then(step).catch((error: Error) => console.error(error.message));
};

let stopping = false;
let connected = false;
let connections = 0;
const client = createClient({
  url: httpUrl.replace(/^http/, 'ws'),
  webSocketImpl: WebSocket,
  connectionParams: { authorization: `Bearer ${token}` },
  // Keep trying while the gateway restarts or the network is away; a rejected token (4401) still ends the script.
  retryAttempts: Number.POSITIVE_INFINITY,
  shouldRetry: () => true,
  retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(1000 * 2 ** retries, 15_000) + Math.random() * 500)),
  on: {
    // Every connection after the first may have missed events, however it came about (a retry or a resubscription).
    connected: () => {
      connected = true;
      if (connections++ === 0) {
        console.error(`listening on ${httpUrl.replace(/^http/, 'ws')}`);
        return;
      }
      console.error('reconnected: fetching what changed while away');
      then(catchUp);
    },
    closed: (event) => {
      connected = false;
      const { code, reason } = event as { code?: number; reason?: string };
      if (!stopping) console.error(`connection closed (${code ?? 'no code'}${reason ? `: ${reason}` : ''})`);
    },
  },
});

type Change = { orderStatusChanged: { previousStatus: string | null; at: string; order: Order } };
let unsubscribe: () => void = () => undefined;

function subscribe(): void {
  unsubscribe = client.subscribe<Change>(
    { query: ORDER_STATUS_CHANGED, variables: {} },
    {
      next: ({ data, errors }) => {
        // A subgraph that failed for this event nulls its fields (e.g. payment) and says why; the rest still prints.
        if (errors?.length) console.error(`event with errors: ${errors.map((error) => error.message).join('; ')}`);
        if (data) then(() => print(data.orderStatusChanged.order, data.orderStatusChanged));
      },
      // Only what retrying cannot fix ends here: a rejected token (4401) or a refused operation (its GraphQL errors).
      error: (error) => {
        const reason = Array.isArray(error)
          ? error.map((e: Error) => e.message).join('; ')
          : (error as { reason?: string }).reason || (error as Error).message || String(error);
        console.error(`subscription ended: ${reason}`);
        process.exit(1);
      },
      // A gateway that shuts down completes its subscriptions before closing the socket, and graphql-ws does not
      // resubscribe a completed one: subscribe again, and the client reconnects once the gateway is back.
      complete: () => {
        if (stopping) return;
        console.error('the gateway ended the subscription (restarting?): subscribing again');
        setTimeout(subscribe, 1000);
      },
    },
  );
}
subscribe();

async function stop(): Promise<void> {
  if (stopping) process.exit(1); // a second Ctrl-C does not wait
  stopping = true;
  unsubscribe();
  // Connected, dispose() closes the socket (1000) so the gateway frees the subscription at once. Between retries
  // nothing is open, and dispose() would wait for the next attempt: skip it.
  if (connected) await client.dispose();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
