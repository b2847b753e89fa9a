// Test-only: seeded sandbox orders, read through the real Cafe24 client, for the tests of the
// providers that hang off an order (a Toss payment, a Sweet Tracker parcel).
import { randomUUID } from 'node:crypto';
import { DEMO_CREDENTIALS } from '../../sandbox/demo';
import { Cafe24Client } from '../cafe24/client';
import { MemoryCafe24TokenStore } from '../cafe24/token-store';
import type { Cafe24Order } from '../cafe24/types';
import { connectInSandbox } from './cafe24';
import { recentRange, type RunningSandbox } from './sandbox';

export async function sandboxOrders(sandbox: RunningSandbox, limit = 100): Promise<Cafe24Order[]> {
  const app = { mallId: DEMO_CREDENTIALS.cafe24.mallId, clientId: `app-${randomUUID()}`, clientSecret: `secret-${randomUUID()}` };
  await sandbox.control('credentials', { provider: 'cafe24', credentials: app });
  const client = new Cafe24Client({
    baseUrl: `${sandbox.url}/cafe24/{mall_id}`,
    ...app,
    redirectUri: 'https://opsgraph.test/oauth/cafe24/callback',
    tokens: new MemoryCafe24TokenStore(),
  });
  await connectInSandbox(client, app.mallId);
  const { orders } = await client.listOrders({ ...recentRange(), limit, embed: ['items'] });
  return orders;
}
