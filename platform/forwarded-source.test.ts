import { signForwardedSource, verifyForwardedSource } from './forwarded-source';

const SECRET = 'subgraph-secret-for-this-test';

describe('forwarded source', () => {
  test('the address the gateway signed comes back for the same body', () => {
    const header = signForwardedSource('203.0.113.7', Buffer.from('{"a":1}'), SECRET);
    expect(verifyForwardedSource(header, Buffer.from('{"a":1}'), SECRET)).toBe('203.0.113.7');
  });

  test('another body, another secret, an expired or tampered header, or none: no address', () => {
    const header = signForwardedSource('203.0.113.7', '{"a":1}', SECRET, 1000);
    expect(verifyForwardedSource(header, '{"a":2}', SECRET)).toBeNull();
    expect(verifyForwardedSource(header, '{"a":1}', 'another-secret')).toBeNull();
    expect(verifyForwardedSource(header, '{"a":1}', SECRET, Date.now() + 2000)).toBeNull();
    const [version, , ...rest] = header.split('.');
    expect(verifyForwardedSource([version, Buffer.from('10.0.0.1').toString('base64url'), ...rest].join('.'), '{"a":1}', SECRET)).toBeNull();
    expect(verifyForwardedSource(undefined, '{"a":1}', SECRET)).toBeNull();
    expect(verifyForwardedSource('garbage', '{"a":1}', SECRET)).toBeNull();
  });
});
