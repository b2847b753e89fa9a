import { asArray, parseElevenstXml } from './parse';

const NS = 'http://skt.tmall.business.openapi.spring.service.client.domain/';
const line = (ordNo: string, prdNm: string) =>
  `<ns2:order><ordNo>${ordNo}</ordNo><ordPrdSeq>1</ordPrdSeq><prdNm>${prdNm}</prdNm><slctPrdOptNm></slctPrdOptNm></ns2:order>`;
const list = (inner: string) => `<?xml version="1.0" encoding="euc-kr"?>\n<ns2:orders xmlns:ns2="${NS}">${inner}</ns2:orders>`;

describe('the 11st order list is always an array', () => {
  it('reads an empty list (result_code 0, no order element) as no orders', () => {
    const answer = parseElevenstXml(list('<ns2:result_code>0</ns2:result_code><ns2:result_text>조회된 주문이 없습니다.</ns2:result_text>'));
    expect(answer).toEqual({ kind: 'orders', orders: [], resultCode: 0, resultText: '조회된 주문이 없습니다.' });
  });

  it('reads a lone <ns2:order> as a list of one, not as an object', () => {
    const answer = parseElevenstXml(list(line('20260612076034242', '상품명')));
    expect(answer.kind).toBe('orders');
    if (answer.kind !== 'orders') return;
    expect(Array.isArray(answer.orders)).toBe(true);
    expect(answer.orders).toEqual([{ ordNo: '20260612076034242', ordPrdSeq: '1', prdNm: '상품명', slctPrdOptNm: '' }]);
    expect(answer.resultCode).toBeUndefined();
  });

  it('reads two repeated elements as a list of two, keeping 17-digit order numbers exact', () => {
    const answer = parseElevenstXml(list(line('20260612076034242', 'A') + line('20260612076034243', 'B &amp; C')));
    if (answer.kind !== 'orders') throw new Error(`expected orders, got ${answer.kind}`);
    expect(answer.orders.map((o) => o.ordNo)).toEqual(['20260612076034242', '20260612076034243']);
    expect(answer.orders[1].prdNm).toBe('B & C');
  });

  it('asArray wraps one value, keeps arrays and turns nothing into []', () => {
    expect(asArray(undefined)).toEqual([]);
    expect(asArray({ a: 1 })).toEqual([{ a: 1 }]);
    expect(asArray([1, 2])).toEqual([1, 2]);
  });
});

describe('other 11st answers', () => {
  it('reads an action result and a negative list result_code', () => {
    expect(parseElevenstXml('<result><result_code>-3308</result_code><result_text>묶음배송</result_text></result>')).toEqual({
      kind: 'result', resultCode: -3308, resultText: '묶음배송',
    });
    expect(parseElevenstXml(list('<ns2:result_code>-100</ns2:result_code><ns2:result_text>x</ns2:result_text>'))).toMatchObject({ resultCode: -100 });
  });

  it('reads the open-API overload reply and refuses to guess at anything else', () => {
    expect(parseElevenstXml('<ErrorMessage><code>004</code><message>overedTraffic</message></ErrorMessage>')).toEqual({
      kind: 'openApiError', code: '004', message: 'overedTraffic',
    });
    expect(parseElevenstXml('<html><body>error</body></html>')).toEqual({ kind: 'unknown' });
  });
});
