import { ProviderError } from '../../providers/errors';
import { mgtKeyFor, popbillFailure, splitVat, statusOf } from './tax-invoices';

test('the management key is 24 characters of [A-Za-z0-9_-], the same for one order and another for another tenant or order', () => {
  const order = '5f0c3c52-0d7e-4a5e-9a52-3f6a4b1c2d3e';
  const key = mgtKeyFor('tenant-a', order);
  expect(key).toMatch(/^[A-Za-z0-9_-]{24}$/);
  expect(mgtKeyFor('tenant-a', order)).toBe(key);
  expect(mgtKeyFor('tenant-b', order)).not.toBe(key);
  expect(mgtKeyFor('tenant-a', '5f0c3c52-0d7e-4a5e-9a52-3f6a4b1c2d3f')).not.toBe(key);
});

test("Popbill's stateCodes map onto the GraphQL statuses", () => {
  expect([300, 301, 302, 303, 304, 305, 600].map(statusOf)).toEqual(['ISSUED', 'SENT_TO_NTS', 'SENT_TO_NTS', 'SENT_TO_NTS', 'CONFIRMED', 'FAILED', 'CANCELLED']);
});

test('a VAT-inclusive total splits into supply and 10% tax that add up to it', () => {
  expect(splitVat(110_000)).toEqual({ supply: 100_000, tax: 10_000 });
  for (const total of [1, 999, 12_345, 58_000]) {
    const { supply, tax } = splitVat(total);
    expect(supply + tax).toBe(total);
  }
});

test("Popbill's refusals of a document are BAD_USER_INPUT naming the code; throttling and outages are not", () => {
  const refused = popbillFailure(new ProviderError({ provider: 'popbill', kind: 'bad_request', status: 400, providerCode: '-11001027', message: 'issue failed: Popbill answered -11001027 (공급받는자 사업자등록번호가 올바르지 않습니다.)' }), 'orderId');
  expect(refused.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'orderId' });
  expect(refused.message).toContain('-11001027');
  expect(popbillFailure(new ProviderError({ provider: 'popbill', kind: 'server', status: 500, message: 'x' }), 'orderId').extensions.code).toBe('PROVIDER_UNAVAILABLE');
  expect(popbillFailure(new ProviderError({ provider: 'popbill', kind: 'rate_limited', status: 429, message: 'x' }), 'orderId').extensions.code).toBe('RATE_LIMITED');
});
