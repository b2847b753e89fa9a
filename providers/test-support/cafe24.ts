// Test-only: connects a Cafe24 client to the sandbox mall the way a seller does, the mall administrator consenting
// on the sandbox's login page (sandbox/cafe24/browser.ts) and the code exchanged by the client.
import { randomUUID } from 'node:crypto';
import { consentAsMallAdmin } from '../../sandbox/cafe24/browser';
import type { Cafe24Client } from '../cafe24/client';
import type { Cafe24Tokens } from '../cafe24/types';

export async function connectInSandbox(client: Cafe24Client, mallId: string): Promise<Cafe24Tokens> {
  const state = randomUUID();
  const redirect = await consentAsMallAdmin(client.authorizeUrl(state), { adminId: mallId });
  if (redirect.searchParams.get('state') !== state) throw new Error('the consent redirect carried another state');
  return client.connectWithCode(redirect.searchParams.get('code')!);
}
