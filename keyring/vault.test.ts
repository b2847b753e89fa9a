import { randomBytes } from 'node:crypto';
import { Vault, VaultError } from './vault';

describe('Vault', () => {
  const vault = new Vault(randomBytes(32));

  test('seals credentials so the secret does not appear in the sealed text, and opens them again', () => {
    const sealed = vault.seal({ apiKey: 'sk-very-secret-value-1234' });
    expect(sealed).not.toContain('sk-very-secret');
    expect(Buffer.from(sealed.split('.')[3], 'base64').toString('utf8')).not.toContain('secret');
    expect(vault.open(sealed)).toEqual({ apiKey: 'sk-very-secret-value-1234' });
  });

  test('two seals of the same value differ (fresh IV each time)', () => {
    expect(vault.seal({ a: 1 })).not.toBe(vault.seal({ a: 1 }));
  });

  test('a different master key is reported by name, never decrypted into garbage', () => {
    const sealed = vault.seal({ apiKey: 'x' });
    const other = new Vault(randomBytes(32));
    expect(() => other.open(sealed)).toThrow(VaultError);
    expect(() => other.open(sealed)).toThrow(/sealed under master key \w+, but KEY_ENCRYPTION_KEY is master key \w+/);
  });

  test('a tampered ciphertext fails its integrity check', () => {
    const parts = vault.seal({ apiKey: 'abcdef' }).split('.');
    const bytes = Buffer.from(parts[3], 'base64');
    bytes[bytes.length - 1] ^= 1;
    parts[3] = bytes.toString('base64');
    expect(() => vault.open(parts.join('.'))).toThrow(/integrity check/);
  });

  test('refuses a master key that is not 32 bytes', () => {
    expect(() => new Vault(randomBytes(16))).toThrow(/32 bytes, but got 16/);
  });

  test('each value has its own data key, wrapped by the master key', () => {
    const [a, b] = [vault.seal({ x: 1 }), vault.seal({ x: 1 })].map((sealed) => sealed.split('.')[2]);
    expect(a).not.toBe(b);
  });

  test('a vault knowing the previous master key opens old values, and rewrap moves them to the new key', () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const sealed = new Vault(oldKey).seal({ apiKey: 'k-1234' });
    const rotating = new Vault(newKey, [oldKey]);
    expect(rotating.open(sealed)).toEqual({ apiKey: 'k-1234' });
    const rewrapped = rotating.rewrap(sealed);
    expect(rotating.sealedUnder(rewrapped)).toBe(rotating.keyId);
    expect(rewrapped.split('.')[3]).toBe(sealed.split('.')[3]); // the body is untouched
    expect(new Vault(newKey).open(rewrapped)).toEqual({ apiKey: 'k-1234' });
    expect(() => new Vault(oldKey).open(rewrapped)).toThrow(VaultError);
  });
});
