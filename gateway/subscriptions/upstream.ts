// One graphql-ws connection from the gateway to a subgraph, per (subgraph, tenant, roles). Its identity is made
// for a socket to that subgraph and lives `ttlMs` (the subgraph closes the socket at its expiry, 4403); before
// then the connection renews itself make-before-break: a fresh socket with a fresh identity, every group
// subscribed on both for a moment (the same event delivered once), then the old socket closed. A reconnect after a
// fault (a subgraph restart) signs afresh too, so even a missed renewal only costs a reconnect.
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { IDENTITY_HEADER, signSubgraphIdentity, type Identity } from '../../platform/identity';
import type { Logger } from '../../platform/logger';

/** A group of subscribers using this connection: moves onto a fresh client, returns what retires the old one. */
export interface UpstreamUser {
  renew(client: Client): () => void;
}

export interface UpstreamOptions {
  subgraph: string;
  url: string;
  identity: Identity;
  subgraphSecret: string;
  /** Lifetime of the socket's identity (the subgraph closes the socket then). */
  ttlMs: number;
  logger: Logger;
}

export class UpstreamConnection {
  client: Client;
  readonly users = new Set<UpstreamUser>();
  private renewal: NodeJS.Timeout | undefined;
  private closed = false;
  /** The client being replaced, until the fresh one has taken over. */
  private retiring: Client | null = null;

  constructor(private readonly options: UpstreamOptions) {
    this.client = this.open().client;
  }

  private open(): { client: Client; connected: Promise<void> } {
    const { subgraph, identity, subgraphSecret, ttlMs, logger } = this.options;
    let signedAt = 0;
    let onConnected: () => void = () => undefined;
    const connected = new Promise<void>((resolve) => (onConnected = resolve));
    const client: Client = createClient({
      url: this.options.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      lazy: true,
      keepAlive: 10_000,
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => true,
      retryWait: async (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** retries, 2000) + Math.random() * 100)),
      connectionParams: () => {
        signedAt = Date.now();
        return { [IDENTITY_HEADER]: signSubgraphIdentity(identity, subgraphSecret, { audience: subgraph, socket: true, ttlMs }) };
      },
      on: {
        connected: () => {
          logger.debug({ subgraph }, 'upstream subscription connection open');
          onConnected();
          if (client === this.client) this.scheduleRenewal(signedAt);
        },
        closed: (event) => logger.debug({ subgraph, code: (event as { code?: number })?.code }, 'upstream subscription connection closed'),
      },
    });
    return { client, connected };
  }

  /** At three quarters of the identity's life: time enough to connect again before the subgraph closes this one. */
  private scheduleRenewal(signedAt: number): void {
    clearTimeout(this.renewal);
    this.renewal = setTimeout(() => void this.renew(), Math.max(0, signedAt + this.options.ttlMs * 0.75 - Date.now()));
    this.renewal.unref();
  }

  private async renew(): Promise<void> {
    if (this.closed || this.users.size === 0) return;
    const old = this.client;
    this.retiring = old;
    const fresh = this.open();
    this.client = fresh.client;
    const retirements = [...this.users].map((user) => user.renew(fresh.client));
    await fresh.connected;
    // The subgraph subscribes each operation as its message arrives; a moment of overlap covers that.
    await new Promise((resolve) => setTimeout(resolve, Math.min(1000, this.options.ttlMs / 8)));
    retirements.forEach((retire) => retire());
    this.retiring = null;
    await old.dispose();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.renewal);
    await Promise.all([this.client.dispose(), this.retiring?.dispose()]);
  }
}
