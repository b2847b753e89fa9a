// Credentials at rest: AES-256-GCM under the master key (KEY_ENCRYPTION_KEY). Each sealed value names the
// master key it was sealed under, so a wrong key is reported as such at start-up instead of decrypting garbage.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const FORMAT = 'v1';

export class VaultError extends Error {}

export class Vault {
  readonly keyId: string;

  constructor(private readonly masterKey: Buffer) {
    if (masterKey.length !== 32) throw new VaultError(`The master key must be 32 bytes, but got ${masterKey.length}`);
    // A fingerprint, not the key: safe to store beside each row and to print.
    this.keyId = createHash('sha256').update('opsgraph-master-key-id').update(masterKey).digest('hex').slice(0, 12);
  }

  seal(value: unknown): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.masterKey, iv);
    cipher.setAAD(Buffer.from(`${FORMAT}.${this.keyId}`));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [FORMAT, this.keyId, iv.toString('base64'), tag.toString('base64'), ciphertext.toString('base64')].join('.');
  }

  open<T = unknown>(sealed: string): T {
    const [format, keyId, iv, tag, ciphertext] = sealed.split('.');
    if (format !== FORMAT || !ciphertext) throw new VaultError('A sealed credential is not in the expected format');
    if (keyId !== this.keyId) {
      throw new VaultError(
        `Stored credentials were sealed under master key ${keyId}, but KEY_ENCRYPTION_KEY is master key ${this.keyId}`,
      );
    }
    const decipher = createDecipheriv('aes-256-gcm', this.masterKey, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(`${format}.${keyId}`));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    try {
      const plaintext = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]);
      return JSON.parse(plaintext.toString('utf8')) as T;
    } catch {
      throw new VaultError(`A credential sealed under master key ${keyId} failed its integrity check`);
    }
  }
}
