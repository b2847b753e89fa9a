import { DEMO_CREDENTIALS } from '../../sandbox/demo';
import { ProviderError } from '../errors';
import { sandboxOrders } from '../test-support/orders';
import { startTestSandbox, type RunningSandbox } from '../test-support/sandbox';
import { SweetTrackerClient } from './client';

describe('SweetTrackerClient against the sandbox', () => {
  let sandbox: RunningSandbox;
  let client: SweetTrackerClient;
  const apiKey = DEMO_CREDENTIALS.sweettracker.apiKey;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    client = new SweetTrackerClient({ baseUrl: `${sandbox.url}/sweettracker`, apiKey });
  });
  afterAll(async () => {
    await sandbox.close();
  });
  afterEach(async () => {
    await sandbox.control('reset', {});
  });

  it("tracks a dispatched order's invoice taken from its Cafe24 item", async () => {
    const items = (await sandboxOrders(sandbox)).flatMap((order) => order.items ?? []);
    const dispatched = items.find((item) => item.tracking_no);
    expect(dispatched).toBeDefined();
    const invoice = dispatched!.tracking_no!;
    const [recommended] = await client.recommend(invoice);
    expect(recommended?.Code).toEqual(expect.any(String));
    const tracking = await client.trackingInfo(recommended.Code, invoice);
    expect(tracking).not.toBeNull();
    expect(tracking!.invoiceNo).toBe(invoice);
    expect(tracking!.level).toBeGreaterThanOrEqual(1);
    expect(tracking!.level).toBeLessThanOrEqual(6);
    expect(tracking!.trackingDetails.length).toBeGreaterThan(0);
    expect(tracking!.trackingDetails[0]).toMatchObject({ time: expect.any(Number), timeString: expect.any(String), kind: expect.any(String) });
  });

  it('returns null for an invoice with no tracking data', async () => {
    await expect(client.trackingInfo('04', '999999999999')).resolves.toBeNull();
  });

  it('lists carriers', async () => {
    const companies = await client.companyList();
    expect(companies).toEqual(expect.arrayContaining([expect.objectContaining({ Code: '04' })]));
  });

  it('maps an invalid key to an auth error without quoting the key', async () => {
    const wrongKey = 'not-a-registered-sweettracker-key';
    const wrong = new SweetTrackerClient({ baseUrl: `${sandbox.url}/sweettracker`, apiKey: wrongKey });
    const error = await wrong.trackingInfo('04', '999999999999').catch((e) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'sweettracker', kind: 'auth' });
    expect(error.providerCode).toEqual(expect.any(String));
    expect(error.message).not.toContain(wrongKey);
  });

  it('maps the rate-limit fault to rate_limited', async () => {
    await sandbox.control('faults', { provider: 'sweettracker', kind: 'rate_limit', count: 1 });
    const error = await client.companyList().catch((e) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'sweettracker', kind: 'rate_limited' });
  });
});
