import { coupangQuery } from './query';
import { coupangSignedDate, signCoupangRequest } from './sign';

const PATH = '/v2/providers/openapi/apis/api/v4/vendors/A00012345/ordersheets';
const QUERY = 'createdAtFrom=2024-01-01&createdAtTo=2024-01-02&status=ACCEPT';
const NOW = new Date('2024-01-31T05:12:03Z');
const SECRET = 'vector-secret-key-0001';

describe('signCoupangRequest', () => {
  it('formats signed-date as yyMMdd T HHmmss Z in UTC', () => {
    expect(coupangSignedDate(NOW)).toBe('240131T051203Z');
    expect(coupangSignedDate(new Date('2024-01-31T23:59:59.999+09:00'))).toBe('240131T145959Z');
  });

  it('matches the HMAC computed by hand for the documented-style example', () => {
    // Expected value computed once, independently of this code, with
    //   node -e "console.log(require('crypto').createHmac('sha256','vector-secret-key-0001')
    //     .update('240131T051203ZGET/v2/providers/openapi/apis/api/v4/vendors/A00012345/ordersheets'
    //       + 'createdAtFrom=2024-01-01&createdAtTo=2024-01-02&status=ACCEPT').digest('hex'))"
    // and cross-checked with `openssl dgst -sha256 -hmac vector-secret-key-0001` over the same message.
    const signed = signCoupangRequest({ method: 'GET', path: PATH, query: QUERY, accessKey: 'vector-access-key', secretKey: SECRET, now: NOW });
    expect(signed.signedDate).toBe('240131T051203Z');
    expect(signed.authorization).toBe(
      'CEA algorithm=HmacSHA256, access-key=vector-access-key, signed-date=240131T051203Z, ' +
        'signature=4906ca6776115ac294dac4939be1079ee21017c5e46896a92a522b374a7b932a',
    );
  });

  it('signs a body-carrying PUT over the path alone when there is no query', () => {
    // Same hand computation with message '240131T051203ZPUT' + PATH + '/acknowledgement'.
    const signed = signCoupangRequest({ method: 'put', path: `${PATH}/acknowledgement`, query: '', accessKey: 'k', secretKey: SECRET, now: NOW });
    expect(signed.authorization.endsWith('signature=4f6f1a9a438dde7124b582fa544af0c792df7430ee0277aae82345a0d1d0a16c')).toBe(true);
  });

  it('treats a leading ? as not part of the signed query', () => {
    const base = { method: 'GET', path: PATH, accessKey: 'k', secretKey: SECRET, now: NOW };
    expect(signCoupangRequest({ ...base, query: `?${QUERY}` })).toEqual(signCoupangRequest({ ...base, query: QUERY }));
  });
});

describe('coupangQuery', () => {
  it('keeps the given order and encodes strictly, so fetch has nothing left to re-encode', () => {
    expect(coupangQuery([['status', 'ACCEPT'], ['skip', undefined], ['note', "it's (a) b*!"], ['n', 2]])).toBe(
      'status=ACCEPT&note=it%27s%20%28a%29%20b%2A%21&n=2',
    );
    const query = coupangQuery([['createdAtFrom', '2026-01-15T09:00'], ['note', "it's"]]);
    expect(new URL(`https://api-gateway.coupang.com/x?${query}`).search).toBe(`?${query}`);
  });
});
