import { startSandbox, type Sandbox } from '../server';
import { control, fixedClock, readJson, T0 } from '../testing';
import { DEMO_ELEVENST_CREDENTIALS } from './demo';

// Decoding with Node's own WHATWG decoder, not iconv-lite, so a mistake in the encoder cannot hide itself.
const eucKr = new TextDecoder('euc-kr');
const KEY = DEMO_ELEVENST_CREDENTIALS.apiKey;
const DAY = 86_400_000;
const minute = (ms: number) => new Date(ms + 9 * 3600_000).toISOString().slice(0, 16).replace(/[-T:]/g, '');

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await startSandbox({ port: 0, now: fixedClock });
});
afterEach(() => sandbox.close());

async function call(path: string, key: string | null = KEY) {
  const res = await fetch(`${sandbox.url}/elevenst${path}`, { headers: key === null ? {} : { openapikey: key } });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, contentType: res.headers.get('content-type'), bytes, xml: eucKr.decode(bytes) };
}
const tag = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
const orders = (xml: string) => [...xml.matchAll(/<ns2:order>(.*?)<\/ns2:order>/g)].map((m) => m[1]);
/** Lets a second of sandbox clock pass, emptying the 5 calls/s window. */
const nextSecond = () => control(sandbox, 'clock', { advanceMs: 1000 });

async function list(state: string, from: number, to: number) {
  const res = await call(`/ordservices/${state}/${minute(from)}/${minute(to)}`);
  return { ...res, orders: orders(res.xml) };
}

describe('11st order queries', () => {
  it('answers EUC-KR XML with the ns2 order list, Korean text intact', async () => {
    const res = await list('complete', T0 - 7 * DAY + 60_000, T0);
    expect(res.status).toBe(200);
    expect(res.contentType).toBe('text/xml;charset=euc-kr');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(res.bytes)).toThrow();
    expect(res.xml.startsWith('<?xml version="1.0" encoding="euc-kr"?>')).toBe(true);
    expect(res.xml).toContain('<ns2:orders xmlns:ns2="http://skt.tmall.business.openapi.spring.service.client.domain/">');
    expect(res.orders.length).toBeGreaterThan(1);
    const first = res.orders[0];
    expect(tag(first, 'ordNo')).toMatch(/^\d{17}$/);
    expect(tag(first, 'ordStlEndDt')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(tag(first, 'rcvrNm')).toMatch(/^[가-힣]{3}$/);
    expect(Number(tag(first, 'ordAmt'))).toBe(Number(tag(first, 'selPrc')) * Number(tag(first, 'ordQty')));
  });

  it('seeds 20 orders over the last 10 days across the four states, carriers on the shipped ones', async () => {
    const seen = new Map<string, string>();
    for (const state of ['complete', 'packaging', 'shipping', 'dlvcompleted']) {
      for (const [from, to] of [[T0 - 10 * DAY, T0 - 5 * DAY - 60_000], [T0 - 5 * DAY, T0]]) {
        const res = await list(state, from, to);
        for (const o of res.orders) {
          seen.set(tag(o, 'ordNo')!, state);
          if (state === 'shipping' || state === 'dlvcompleted') expect(tag(o, 'invcNo')).toMatch(/^\d{12}$/);
          else expect(tag(o, 'invcNo')).toBeUndefined();
        }
      }
      await nextSecond();
    }
    expect(seen.size).toBe(20);
    expect(new Set(seen.values()).size).toBe(4);
  });

  it('prints one order as a lone element and an empty window as result_code 0', async () => {
    const empty = await list('complete', T0 - 60_000, T0);
    expect(empty.orders).toHaveLength(0);
    expect(tag(empty.xml, 'ns2:result_code')).toBe('0');
    const created = await control(sandbox, 'orders', { marketplace: 'ELEVENST' });
    const one = await list('complete', T0, T0);
    expect(one.orders).toHaveLength(1);
    expect(tag(one.orders[0], 'ordNo')).toBe(created.body.created[0]);
    expect(one.xml).not.toContain('result_code');
  });

  it('refuses windows over 7 days and malformed times with a negative result_code', async () => {
    const start = Date.parse('2026-01-01T00:00:00+09:00');
    expect(tag((await call('/ordservices/complete/202601010000/202601072359')).xml, 'ns2:result_code')).toBe('0');
    const long = await call('/ordservices/complete/202601010000/202601080000');
    expect(long.status).toBe(200);
    expect(Number(tag(long.xml, 'ns2:result_code'))).toBeLessThan(0);
    expect(tag(long.xml, 'ns2:result_text')).toContain('7일');
    expect(Number(tag((await call('/ordservices/complete/2026010100/202601020000')).xml, 'ns2:result_code'))).toBeLessThan(0);
    expect(Number(tag((await call(`/ordservices/complete/${minute(start + DAY)}/${minute(start)}`)).xml, 'ns2:result_code'))).toBeLessThan(0);
  });
});

describe('11st auth and throttle', () => {
  it('refuses a missing or unknown openapikey with HTTP 200 and result_code -100', async () => {
    for (const key of [null, 'not-a-registered-key']) {
      const res = await call('/ordservices/complete/202601010000/202601020000', key);
      expect(res.status).toBe(200);
      expect(tag(res.xml, 'ns2:result_code')).toBe('-100');
    }
    const action = await call('/ordservices/reqpackaging/1/1/N/null/1', 'wrong-key-123456');
    expect(tag(action.xml, 'result_code')).toBe('-100');
    expect(action.xml).toContain('<result>');
    const calls = (await control(sandbox, 'calls')).body.elevenst;
    expect(calls.byCredential['3456']).toBe(1);
    expect(calls.byEndpoint['GET /ordservices/complete/{startTime}/{endTime}']).toBe(2);
  });

  it('accepts a key registered through the control endpoint', async () => {
    await control(sandbox, 'credentials', { provider: 'elevenst', credentials: { apiKey: 'anotherSellerKey9999' } });
    expect(tag((await call('/ordservices/complete/202601010000/202601020000', 'anotherSellerKey9999')).xml, 'ns2:result_code')).toBe('0');
  });

  it('answers the sixth call within a second with 004 overedTraffic, and admits calls a second later', async () => {
    const path = '/ordservices/complete/202601010000/202601020000';
    for (let i = 0; i < 5; i++) expect(tag((await call(path)).xml, 'ns2:result_code')).toBe('0');
    const over = await call(path);
    expect(tag(over.xml, 'code')).toBe('004');
    expect(tag(over.xml, 'message')).toBe('overedTraffic');
    await nextSecond();
    expect(tag((await call(path)).xml, 'ns2:result_code')).toBe('0');
    for (let i = 0; i < 4; i++) await call(path);
    await control(sandbox, 'reset', {});
    expect(tag((await call(path)).xml, 'ns2:result_code')).toBe('0');
  });

  it('gives injected faults the 11st shapes', async () => {
    const path = '/ordservices/complete/202601010000/202601020000';
    await control(sandbox, 'faults', { provider: 'elevenst', kind: 'rate_limit', count: 1 });
    expect(tag((await call(path)).xml, 'code')).toBe('004');
    await control(sandbox, 'faults', { provider: 'elevenst', kind: 'auth_failure', count: 1 });
    expect(tag((await call(path)).xml, 'ns2:result_code')).toBe('-100');
    await control(sandbox, 'faults', { provider: 'elevenst', kind: 'server_error', count: 1 });
    const failed = await call(path);
    expect(failed.status).toBe(500);
    expect(failed.contentType).toContain('text/html');
  });
});

describe('11st actions', () => {
  async function newOrder() {
    const ordNo = (await control(sandbox, 'orders', { marketplace: 'ELEVENST' })).body.created[0] as string;
    const line = (await list('complete', T0, T0)).orders.find((o) => tag(o, 'ordNo') === ordNo)!;
    return { ordNo, dlvNo: tag(line, 'dlvNo')! };
  }

  it('confirms, dispatches and hands the parcel to Sweet Tracker under its t_code', async () => {
    const { ordNo, dlvNo } = await newOrder();
    const confirmed = await call(`/ordservices/reqpackaging/${ordNo}/1/N/null/${dlvNo}`);
    expect(confirmed.xml).toContain('<result><result_code>0</result_code><result_text>발주확인완료</result_text></result>');
    expect(orders((await list('packaging', T0, T0)).xml).map((o) => tag(o, 'ordNo'))).toEqual([ordNo]);
    const again = await call(`/ordservices/reqpackaging/${ordNo}/1/N/null/${dlvNo}`);
    expect(Number(tag(again.xml, 'result_code'))).toBeLessThan(0);
    await nextSecond();

    const shipped = await call(`/ordservices/reqdelivery/${minute(T0)}/01/00011/412345678901/${dlvNo}`);
    expect(tag(shipped.xml, 'result_code')).toBe('0');
    const line = (await list('shipping', T0, T0 + 1000)).orders[0];
    expect(tag(line, 'dlvEtprsCd')).toBe('00011');
    expect(tag(line, 'invcNo')).toBe('412345678901');
    const tracking = await fetch(`${sandbox.url}/sweettracker/api/v1/trackingInfo?t_key=demoSweetTrackerKey0001&t_code=05&t_invoice=412345678901`);
    expect(await readJson(tracking)).toMatchObject({ result: 'Y', invoiceNo: '412345678901', level: 1 });
  });

  it('refuses with negative codes: wrong dlvNo (-3308), unknown carrier, unconfirmed line, unknown order', async () => {
    const { ordNo, dlvNo } = await newOrder();
    expect(tag((await call(`/ordservices/reqpackaging/${ordNo}/1/N/null/9999999999`)).xml, 'result_code')).toBe('-3308');
    expect(tag((await call(`/ordservices/reqdelivery/${minute(T0)}/01/00034/512345678901/${dlvNo}`)).xml, 'result_code')).toBe('-3308');
    expect(tag((await call(`/ordservices/reqdelivery/${minute(T0)}/01/99999/512345678901/${dlvNo}`)).xml, 'result_code')).toBe('-3312');
    await nextSecond();
    expect(tag((await call('/ordservices/reqpackaging/20260101000000000/1/N/null/1')).xml, 'result_code')).toBe('-3300');
  });

  it('names a line without an add-on product by the literal null: 0 or an empty segment is refused with -3303', async () => {
    const { ordNo, dlvNo } = await newOrder();
    expect(tag((await call(`/ordservices/reqpackaging/${ordNo}/1/N/0/${dlvNo}`)).xml, 'result_code')).toBe('-3303');
    expect(tag((await call(`/ordservices/reqpackaging/${ordNo}/1/N//${dlvNo}`)).xml, 'result_code')).not.toBe('0');
    await nextSecond();
    expect(tag((await call(`/ordservices/reqpackaging/${ordNo}/1/N/null/${dlvNo}`)).xml, 'result_code')).toBe('0');
  });

  it('moves orders one step per status_change: confirm, dispatch with a CJ parcel, delivery', async () => {
    const { ordNo } = await newOrder();
    await control(sandbox, 'clock', { advanceMs: 60_000 });
    const step = async (state: string) => {
      await control(sandbox, 'orders', { marketplace: 'ELEVENST', kind: 'status_change', count: 100 });
      const now = (await control(sandbox, 'clock')).body.now;
      await nextSecond();
      return (await list(state, now, now)).orders.find((o) => tag(o, 'ordNo') === ordNo);
    };
    expect(await step('packaging')).toBeDefined();
    const shipping = await step('shipping');
    expect(tag(shipping!, 'dlvEtprsCd')).toBe('00034');
    expect(await step('dlvcompleted')).toBeDefined();
    const tracking = await fetch(`${sandbox.url}/sweettracker/api/v1/trackingInfo?t_key=demoSweetTrackerKey0001&t_code=04&t_invoice=${tag(shipping!, 'invcNo')}`);
    expect(await readJson(tracking)).toMatchObject({ level: 6, complete: true });
  });
});
