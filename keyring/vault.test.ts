import { randomBytes } from 'node:crypto';
import { Vault, VaultError } from './vault';

describe('Vault', () => {
  const vault = new Vault(randomBytes(32));

  test('seals credentials so the secret does not appear in the sealed text, and opens them again', () => {
    const sealed = vault.seal({ apiKey: 'sk-very-secret-value-1234' });
    expect(sealed).not.toContain('sk-very-secret');
    expect(Buffer.from(sealed.split('.')[4], 'base64').toString('utf8')).not.toContain('secret');
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
    const bytes = Buffer.from(parts[4], 'base64');
    bytes[0] ^= 1;
    parts[4] = bytes.toString('base64');
    expect(() => vault.open(parts.join('.'))).toThrow(/integrity check/);
  });

  test('refuses a master key that is not 32 bytes', () => {
    expect(() => new Vault(randomBytes(16))).toThrow(/32 bytes, but got 16/);
  });
});
