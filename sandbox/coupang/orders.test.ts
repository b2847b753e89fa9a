import { DEMO_CREDENTIALS } from '../demo';
import { startSandbox, type Sandbox } from '../server';
import { control, fixedClock, readJson } from '../testing';
import { coupang, listQuery, VENDOR_PATH } from './testing';

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await startSandbox({ port: 0, now: fixedClock });
});
afterEach(() => sandbox.close());

const LIST = `${VENDOR_PATH}/ordersheets`;
const list = async (status: string, extra = '') => (await coupang(sandbox, 'GET', LIST, listQuery(status, extra))).json;
const acknowledge = (ids: unknown[]) => coupang(sandbox, 'PUT', `${LIST}/acknowledgement`, '', { vendorId: 'A00012345', shipmentBoxIds: ids });
const invoices = (dtos: unknown[]) => coupang(sandbox, 'POST', `${VENDOR_PATH}/orders/invoices`, '', { vendorId: 'A00012345', orderSheetInvoiceApplyDtos: dtos });
const invoiceFor = (sheet: any, invoiceNumber: string, deliveryCompanyCode = 'CJGLS') => ({
  shipmentBoxId: sheet.shipmentBoxId, orderId: sheet.orderId, deliveryCompanyCode, invoiceNumber,
  vendorItemId: sheet.orderItems[0].vendorItemId, splitShipping: false, preSplitShipped: false, estimatedShippingDate: '',
});

it('seeds 25 boxes across ACCEPT, INSTRUCT, DEPARTURE, DELIVERING and FINAL_DELIVERY, shipped ones with an invoice', async () => {
  const counts: Record<string, number> = {};
  for (const status of ['ACCEPT', 'INSTRUCT', 'DEPARTURE', 'DELIVERING', 'FINAL_DELIVERY']) {
    const page = await list(status);
    counts[status] = page.data.length;
    for (const sheet of page.data) {
      const shipped = ['DEPARTURE', 'DELIVERING', 'FINAL_DELIVERY'].includes(status);
      expect(sheet.invoiceNumber !== '').toBe(shipped);
      if (shipped) expect(sheet.deliveryCompanyName).toBe('CJ 대한통운');
      expect(Number.isInteger(sheet.orderItems[0].salesPrice)).toBe(true);
    }
  }
  expect(counts).toEqual({ ACCEPT: 5, INSTRUCT: 5, DEPARTURE: 4, DELIVERING: 5, FINAL_DELIVERY: 6 });
});

it('pages with nextToken until it is empty, each box once, in shipmentBoxId order', async () => {
  const ids: number[] = [];
  let token = '';
  let pages = 0;
  do {
    const page = await list('FINAL_DELIVERY', `&maxPerPage=2${token ? `&nextToken=${token}` : ''}`);
    expect(page.data.length).toBeLessThanOrEqual(2);
    ids.push(...page.data.map((s: any) => s.shipmentBoxId));
    token = page.nextToken;
    pages++;
  } while (token !== '');
  expect(pages).toBe(3);
  expect(ids).toHaveLength(6);
  expect([...ids].sort((a, b) => a - b)).toEqual(ids);
});

it('answers a minute window of at most 24 hours in one unpaged reply, and refuses a longer one', async () => {
  const window = 'createdAtFrom=2026-01-13T12:00&createdAtTo=2026-01-15T12:00&status=ACCEPT&searchType=timeFrame';
  const tooLong = await coupang(sandbox, 'GET', LIST, window);
  expect(tooLong.status).toBe(400);
  expect(tooLong.json).toMatchObject({ code: 400, message: expect.stringContaining('24 hours') });
  const day = await coupang(sandbox, 'GET', LIST, window.replace('2026-01-13T12:00', '2026-01-14T12:00'));
  expect(day.status).toBe(200);
  expect(day.json.nextToken).toBeUndefined();
  expect(day.json.data.every((s: any) => s.status === 'ACCEPT')).toBe(true);
});

it('refuses a listing without status and a date in the wrong format', async () => {
  const noStatus = await coupang(sandbox, 'GET', LIST, 'createdAtFrom=2026-01-01&createdAtTo=2026-01-15');
  expect(noStatus.status).toBe(400);
  expect(noStatus.json).toMatchObject({ code: 400, message: expect.stringContaining('status') });
  const badDate = await coupang(sandbox, 'GET', LIST, 'createdAtFrom=20260101&createdAtTo=2026-01-15&status=ACCEPT');
  expect(badDate.json.message).toContain('createdAtFrom');
});

it('returns one box by shipmentBoxId and 404 for an unknown one', async () => {
  const [sheet] = (await list('DELIVERING')).data;
  const one = await coupang(sandbox, 'GET', `${LIST}/${sheet.shipmentBoxId}`);
  expect(one.json).toEqual({ code: 200, message: 'OK', data: sheet });
  expect((await coupang(sandbox, 'GET', `${LIST}/999`)).status).toBe(404);
});

it('acknowledges ACCEPT boxes into INSTRUCT and reports each refused box on its own', async () => {
  const [first, second] = (await list('ACCEPT')).data;
  const res = await acknowledge([first.shipmentBoxId]);
  expect(res.json).toEqual({
    code: 200, message: 'OK',
    data: { responseCode: 0, responseMessage: 'SUCCESS', responseList: [{ shipmentBoxId: first.shipmentBoxId, succeed: true, resultCode: 'OK', retryRequired: false, resultMessage: '' }] },
  });
  expect((await coupang(sandbox, 'GET', `${LIST}/${first.shipmentBoxId}`)).json.data.status).toBe('INSTRUCT');
  const mixed = (await acknowledge([second.shipmentBoxId, first.shipmentBoxId, 123])).json.data;
  expect(mixed.responseCode).toBe(1);
  expect(mixed.responseList.map((r: any) => [r.succeed, r.resultCode])).toEqual([[true, 'OK'], [false, 'INVALID_STATUS'], [false, 'NOT_FOUND_SHIPMENT_BOX']]);
  expect((await acknowledge([first.shipmentBoxId])).json.data.responseCode).toBe(99);
});

it('refuses an action body naming another vendor', async () => {
  const res = await coupang(sandbox, 'PUT', `${LIST}/acknowledgement`, '', { vendorId: 'A00099999', shipmentBoxIds: [1] });
  expect(res.status).toBe(400);
  expect(res.json.code).toBe(400);
});

it('ships an INSTRUCT box on invoice upload: DEPARTURE, and Sweet Tracker tracks the parcel', async () => {
  const [sheet] = (await list('INSTRUCT')).data;
  const res = await invoices([invoiceFor(sheet, '612345678901', 'HANJIN')]);
  expect(res.json.data).toMatchObject({ responseCode: 0, responseList: [{ shipmentBoxId: sheet.shipmentBoxId, succeed: true, resultCode: 'OK' }] });
  const shipped = (await coupang(sandbox, 'GET', `${LIST}/${sheet.shipmentBoxId}`)).json.data;
  expect(shipped).toMatchObject({ status: 'DEPARTURE', invoiceNumber: '612345678901', deliveryCompanyName: '한진택배' });
  const key = DEMO_CREDENTIALS.sweettracker.apiKey;
  const tracking = await readJson(await fetch(`${sandbox.url}/sweettracker/api/v1/trackingInfo?t_key=${key}&t_code=05&t_invoice=612345678901`));
  expect(tracking).toMatchObject({ result: 'Y', invoiceNo: '612345678901', level: 1, complete: false });
});

it('refuses invoices for boxes not yet acknowledged, unknown carriers and reused invoice numbers', async () => {
  const [accept] = (await list('ACCEPT')).data;
  const [a, b] = (await list('INSTRUCT')).data;
  const [departed] = (await list('DEPARTURE')).data;
  const res = await invoices([invoiceFor(accept, '600000000001'), invoiceFor(a, '600000000002', 'NOPE'), invoiceFor(b, departed.invoiceNumber)]);
  expect(res.json.data.responseCode).toBe(99);
  expect(res.json.data.responseList.map((r: any) => r.resultCode)).toEqual(['INVALID_STATUS', 'INVALID_INVOICE_NUMBER', 'DUPLICATE_INVOICE_NUMBER']);
});

it('cancels boxes left unacknowledged for 48 hours: they leave the ACCEPT listing and cannot be acknowledged', async () => {
  const before = (await list('ACCEPT')).data;
  await control(sandbox, 'clock', { advanceMs: 48 * 3600_000 });
  const after = await coupang(sandbox, 'GET', LIST, listQuery('ACCEPT', '', '2026-01-01', '2026-01-17'));
  expect(after.json.data).toEqual([]);
  const one = (await coupang(sandbox, 'GET', `${LIST}/${before[0].shipmentBoxId}`)).json.data;
  expect(one.orderItems[0]).toMatchObject({ canceled: true, shippingCount: 0, cancelCount: expect.any(Number) });
  const ack = (await acknowledge([before[0].shipmentBoxId])).json.data;
  expect(ack.responseList[0]).toMatchObject({ succeed: false, resultCode: 'ORDER_DELIVERY_CANCELED' });
});

it('makes new ACCEPT orders and status changes appear through POST /__sandbox/orders', async () => {
  const created = await control(sandbox, 'orders', { marketplace: 'COUPANG', count: 2 });
  expect(created.body.created).toHaveLength(2);
  const accept = (await list('ACCEPT')).data;
  expect(accept.map((s: any) => String(s.orderId))).toEqual(expect.arrayContaining(created.body.created));
  const fresh = accept.find((s: any) => String(s.orderId) === created.body.created[0]);
  expect(fresh.paidAt).toBe('2026-01-15T12:00:00');
  const changed = await control(sandbox, 'orders', { marketplace: 'COUPANG', kind: 'status_change', count: 25 });
  expect(changed.body.changed).toHaveLength(21); // every box but the 6 delivered ones moves one step
  const statuses = ['ACCEPT', 'INSTRUCT', 'DEPARTURE', 'DELIVERING', 'FINAL_DELIVERY'];
  const counts = [];
  for (const status of statuses) counts.push((await list(status)).data.length);
  expect(counts).toEqual([0, 7, 5, 4, 11]);
});
