import { DEMO_CREDENTIALS } from '../demo';
import { startSandbox, type Sandbox } from '../server';
import { cafe24Base, cafe24Token, fixedClock, readJson } from '../testing';

const key = DEMO_CREDENTIALS.sweettracker.apiKey;
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, now: fixedClock });
});
afterAll(() => sandbox.close());

const st = async (path: string) => {
  const res = await fetch(`${sandbox.url}/sweettracker${path}`);
  return { status: res.status, body: await readJson(res) };
};

async function shippedItems(): Promise<any[]> {
  const { access_token } = await cafe24Token(sandbox);
  const res = await fetch(`${cafe24Base(sandbox)}/api/v2/admin/orders?start_date=2026-01-01&end_date=2026-01-15&limit=100&embed=items`, {
    headers: { authorization: `Bearer ${access_token}` },
  });
  return (await readJson(res)).orders.map((o: any) => o.items[0]).filter((i: any) => i.tracking_no);
}

it('tracks a dispatched Cafe24 invoice under CJ (t_code 04), delivered ones at level 6', async () => {
  const items = await shippedItems();
  expect(items.length).toBeGreaterThan(2);
  const levels = new Set<number>();
  for (const item of items) {
    const { status, body } = await st(`/api/v1/trackingInfo?t_key=${key}&t_code=04&t_invoice=${item.tracking_no}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ result: 'Y', invoiceNo: item.tracking_no, completeYN: body.complete ? 'Y' : 'N' });
    expect(body.complete).toBe(item.order_status === 'N40');
    expect(body.level).toBe(body.complete ? 6 : body.lastDetail.level);
    expect(body.trackingDetails[0]).toMatchObject({ timeString: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/), kind: expect.any(String) });
    expect(body.firstDetail).toEqual(body.trackingDetails[0]);
    levels.add(body.level);
  }
  expect(levels.has(6)).toBe(true);
  expect([...levels].some((l) => l < 6)).toBe(true);

  const { body: recommend } = await st(`/api/v1/recommend?t_key=${key}&t_invoice=${items[0].tracking_no}`);
  expect(recommend).toEqual({ Recommend: [{ Code: '04', Name: 'CJ대한통운' }] });
});

it('answers a bad t_key with HTTP 200 status:false code 101', async () => {
  const { status, body } = await st('/api/v1/trackingInfo?t_key=wrong&t_code=04&t_invoice=123456789012');
  expect(status).toBe(200);
  expect(body).toEqual({ status: false, code: '101', msg: expect.any(String) });
});

it('answers an unknown invoice with HTTP 200 status:false code 104', async () => {
  const { status, body } = await st(`/api/v1/trackingInfo?t_key=${key}&t_code=04&t_invoice=000000000000`);
  expect(status).toBe(200);
  expect(body).toMatchObject({ status: false, code: '104' });
});

it('lists at least the five domestic carriers', async () => {
  const { body } = await st(`/api/v1/companylist?t_key=${key}`);
  const codes = body.Company.map((c: any) => c.Code);
  expect(codes).toEqual(expect.arrayContaining(['01', '04', '05', '06', '08']));
});

it('lists UPS under 14 and TNT Express under 25, as Sweet Tracker does', async () => {
  const { body } = await st(`/api/v1/companylist?t_key=${key}`);
  const byCode = new Map(body.Company.map((c: any) => [c.Code, c.Name]));
  expect(byCode.get('14')).toBe('UPS');
  expect(byCode.get('25')).toBe('TNT Express');
});
