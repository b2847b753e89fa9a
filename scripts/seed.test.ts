// The demo seed: one sandbox key per provider, the Sweet Tracker key on a paid plan (issue 13: the free plan's
// 100 calls a day were spent in 15 minutes of demo load), and a demo seeded before that moved up to it.
import type { Keyring } from '../keyring/keyring';
import { PROVIDER_DEFAULTS } from '../keyring/limits';
import { DEMO_CREDENTIALS } from '../sandbox/demo';
import { startTestStack, type TestStack } from '../test/helpers/stack';
import { DEMO_PLANS, seedDemoKeys } from './seed';

// A whole stack: the demo's Cafe24 key is connected through the sandbox's consent page.
let stack: TestStack;
let keyring: Keyring;

beforeAll(async () => {
  stack = await startTestStack();
  keyring = stack.keyring;
}, 180_000);

afterAll(async () => {
  await stack?.close();
});

test('the seeded Sweet Tracker key has the paid plan\'s daily quota, above the free plan\'s', async () => {
  await seedDemoKeys(stack, 'demo-plan');
  const tracker = (await keyring.listKeys('demo-plan')).find((key) => key.provider === 'SWEETTRACKER');
  expect(tracker?.dailyQuota).toBe(DEMO_PLANS.SWEETTRACKER!.dailyQuota);
  expect(tracker!.dailyQuota!).toBeGreaterThanOrEqual(10_000);
  expect(tracker!.dailyQuota!).toBeGreaterThan(PROVIDER_DEFAULTS.SWEETTRACKER.dailyQuota!);
  // The other providers keep their own defaults.
  expect((await keyring.listKeys('demo-plan')).find((key) => key.provider === 'TOSS')?.dailyQuota).toBeNull();
});

test('a demo seeded on the free plan moves to the paid plan when seeded again', async () => {
  await keyring.addKey({ tenantId: 'demo-old', provider: 'SWEETTRACKER', label: 'sandbox sweettracker', credentials: DEMO_CREDENTIALS.sweettracker });
  await keyring.addKey({ tenantId: 'demo-old', provider: 'SWEETTRACKER', label: 'my own', credentials: { apiKey: 'my-own-key-0001' } });
  await seedDemoKeys(stack, 'demo-old');
  const trackers = (await keyring.listKeys('demo-old')).filter((key) => key.provider === 'SWEETTRACKER');
  expect(Object.fromEntries(trackers.map((key) => [key.label, key.dailyQuota]))).toEqual({
    'sandbox sweettracker': DEMO_PLANS.SWEETTRACKER!.dailyQuota,
    'my own': null, // a key the seller added is theirs to set
  });
});
