// The documented AfterShip examples (providers/aftership/fixtures/): the client parses each documented answer, and the
// sandbox answers the same request with the same shape. Either drifting from the documentation fails here.
import { DEMO_AFTERSHIP_CREDENTIALS } from '../../sandbox/aftership';
import { ProviderError } from '../errors';
import { expectDocumentedShape, fixture, loadFixtures } from '../test-support/fixtures';
import { replayDocumented } from '../test-support/replay';
import { useTestSandbox } from '../test-support/sandbox';
import { AfterShipClient } from './client';

const NAMES = ['get-tracking', 'tracking-not-found', 'unauthorized'];
const DOCUMENTED_ID = '5b74f4958776db0e00b6f5ed';

test('the fixtures', () => {
  expect(loadFixtures('aftership').map((f) => f.name)).toEqual(NAMES);
});

async function withReplay(name: string, run: (client: AfterShipClient) => Promise<void>): Promise<void> {
  await replayDocumented(fixture('aftership', name), (replay) => run(new AfterShipClient({ baseUrl: replay.url, apiKey: DEMO_AFTERSHIP_CREDENTIALS.apiKey })));
}

describe('the client parses the documented answers', () => {
  test('a tracking', async () => {
    await withReplay('get-tracking', async (client) => {
      expect(await client.getTracking(DOCUMENTED_ID)).toMatchObject({ tracking_number: '1234567890', tag: 'Delivered', checkpoints: [{ tag: 'InTransit' }] });
    });
  });

  test('an unknown tracking is not_found, an unknown key auth', async () => {
    await withReplay('tracking-not-found', async (client) => {
      expect(await client.getTracking('000000000000000000000000').catch((e: unknown) => e)).toMatchObject({ kind: 'not_found' });
    });
    await withReplay('unauthorized', async (client) => {
      const error = await client.getTracking(DOCUMENTED_ID).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({ kind: 'auth' });
    });
  });
});

describe('the sandbox answers the documented requests with the documented shapes', () => {
  const sandbox = useTestSandbox();

  test('every documented request (the documented id replaced by a seeded tracking)', async () => {
    const client = new AfterShipClient({ baseUrl: `${sandbox.url}/aftership`, apiKey: DEMO_AFTERSHIP_CREDENTIALS.apiKey });
    const seeded = (await client.listTrackings({ tag: 'Delivered' })).trackings[0];
    for (const name of NAMES) {
      const { request, response } = fixture('aftership', name);
      const key = request!.headers!['as-api-key'] === 'KEY' ? DEMO_AFTERSHIP_CREDENTIALS.apiKey : request!.headers!['as-api-key'];
      const res = await fetch(`${sandbox.url}/aftership${request!.path.replace(DOCUMENTED_ID, seeded.id)}`, { headers: { 'as-api-key': key } });
      expect({ name, status: res.status }).toEqual({ name, status: response.status });
      expectDocumentedShape(await res.json(), response.body);
    }
  });
});
