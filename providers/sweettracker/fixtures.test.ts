// The documented Sweet Tracker examples (providers/sweettracker/fixtures/): the client parses each documented answer,
// and the sandbox answers the same request with the same shape. Either drifting from the documentation fails here.
import { DEMO_CREDENTIALS } from '../../sandbox/demo';
import { ProviderError } from '../errors';
import { expectDocumentedShape, fixture, loadFixtures } from '../test-support/fixtures';
import { sandboxOrders } from '../test-support/orders';
import { replayDocumented } from '../test-support/replay';
import { useTestSandbox } from '../test-support/sandbox';
import { SweetTrackerClient } from './client';

const apiKey = DEMO_CREDENTIALS.sweettracker.apiKey;
const NAMES = ['companylist', 'invalid-key', 'recommend', 'tracking-info'];

test('the fixtures', () => {
  expect(loadFixtures('sweettracker').map((f) => f.name)).toEqual(NAMES);
});

async function withReplay(name: string, run: (client: SweetTrackerClient) => Promise<void>): Promise<void> {
  await replayDocumented(fixture('sweettracker', name), (replay) => run(new SweetTrackerClient({ baseUrl: replay.url, apiKey })));
}

describe('the client parses the documented answers', () => {
  test('carrier list, recommendation and a delivered parcel', async () => {
    await withReplay('companylist', async (client) => {
      expect((await client.companyList()).find((c) => c.Code === '14')).toMatchObject({ Name: 'UPS' });
    });
    await withReplay('recommend', async (client) => {
      expect(await client.recommend('123456789012')).toEqual([{ Code: '04', Name: 'CJ대한통운' }]);
    });
    await withReplay('tracking-info', async (client) => {
      expect(await client.trackingInfo('04', '123456789012')).toMatchObject({ complete: true, level: 6, trackingDetails: [{ kind: '배송완료' }] });
    });
  });

  test('an unknown key is an auth error', async () => {
    await withReplay('invalid-key', async (client) => {
      const error = await client.trackingInfo('04', '123456789012').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({ kind: 'auth' });
    });
  });
});

describe('the sandbox answers the documented requests with the documented shapes', () => {
  const sandbox = useTestSandbox();

  /** The fixture's request with the demo key (and a parcel the sandbox knows in place of the documented invoice). */
  async function ask(name: string, invoice?: string): Promise<{ status: number; body: unknown }> {
    const { request } = fixture('sweettracker', name);
    const query = new URLSearchParams(request!.query);
    if (query.get('t_key') === 'KEY') query.set('t_key', apiKey);
    if (invoice && query.has('t_invoice')) query.set('t_invoice', invoice);
    const res = await fetch(`${sandbox.url}/sweettracker${request!.path}?${query.toString()}`);
    return { status: res.status, body: (await res.json()) };
  }

  test('every documented request', async () => {
    const shipped = (await sandboxOrders(sandbox)).flatMap((o) => o.items ?? []).find((item) => item.tracking_no)!;
    for (const name of NAMES) {
      const documented = fixture('sweettracker', name);
      const answer = await ask(name, name === 'tracking-info' || name === 'recommend' ? shipped.tracking_no! : undefined);
      expect(answer.status).toBe(documented.response.status);
      // A parcel still on its way has no estimate window closed nor a recipient yet: Sweet Tracker prints null there.
      expectDocumentedShape(answer.body, documented.response.body, { nullable: ['estimate', 'recipient'] });
    }
  });
});
