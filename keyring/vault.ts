// Credentials at rest, envelope-encrypted: each value is sealed with its own random data key (AES-256-GCM),
// and that data key is wrapped by a master key (KEY_ENCRYPTION_KEY), whose id is stored beside it. Rotating
// the master key re-wraps data keys only; a process that knows the previous master key as well keeps reading
// rows not yet re-wrapped, so rotation needs no downtime. A wrong master key is reported, never decrypted.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const FORMAT = 'v2';

export class VaultError extends Error {}

export function masterKeyId(masterKey: Buffer): string {
  // A fingerprint, not the key: safe to store beside each row and to print.
  return createHash('sha256').update('opsgraph-master-key-id').update(masterKey).digest('hex').slice(0, 12);
}

function encrypt(key: Buffer, plaintext: Buffer, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
}

function decrypt(key: Buffer, sealed: string, aad: string): Buffer {
  const bytes = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]);
}

export class Vault {
  /** The id of the master key new values are sealed under. */
  readonly keyId: string;
  private readonly masterKeys: Map<string, Buffer>;

  /** `previous` master keys are only read: values sealed under them open until re-wrapped. */
  constructor(current: Buffer, previous: Buffer[] = []) {
    for (const key of [current, ...previous]) {
      if (key.length !== 32) throw new VaultError(`A master key must be 32 bytes, but got ${key.length}`);
    }
    this.keyId = masterKeyId(current);
    this.masterKeys = new Map([current, ...previous].map((key) => [masterKeyId(key), key] as [string, Buffer]).reverse());
  }

  seal(value: unknown): string {
    const dataKey = randomBytes(32);
    const wrapped = encrypt(this.masterKeys.get(this.keyId)!, dataKey, `${FORMAT}.${this.keyId}`);
    const body = encrypt(dataKey, Buffer.from(JSON.stringify(value), 'utf8'), FORMAT);
    return [FORMAT, this.keyId, wrapped, body].join('.');
  }

  open<T = unknown>(sealed: string): T {
    const { keyId, wrapped, body } = this.parse(sealed);
    const master = this.master(keyId);
    try {
      const dataKey = decrypt(master, wrapped, `${FORMAT}.${keyId}`);
      return JSON.parse(decrypt(dataKey, body, FORMAT).toString('utf8')) as T;
    } catch {
      throw new VaultError(`A credential sealed under master key ${keyId} failed its integrity check`);
    }
  }

  /** Re-wraps the data key under the current master key; the sealed body itself is untouched. */
  rewrap(sealed: string): string {
    const { keyId, wrapped, body } = this.parse(sealed);
    if (keyId === this.keyId) return sealed;
    const master = this.master(keyId);
    let dataKey: Buffer;
    try {
      dataKey = decrypt(master, wrapped, `${FORMAT}.${keyId}`);
    } catch {
      throw new VaultError(`A credential sealed under master key ${keyId} failed its integrity check`);
    }
    return [FORMAT, this.keyId, encrypt(this.masterKeys.get(this.keyId)!, dataKey, `${FORMAT}.${this.keyId}`), body].join('.');
  }

  sealedUnder(sealed: string): string {
    return this.parse(sealed).keyId;
  }

  private master(keyId: string): Buffer {
    const key = this.masterKeys.get(keyId);
    if (!key) {
      throw new VaultError(
        `Stored credentials were sealed under master key ${keyId}, but KEY_ENCRYPTION_KEY is master key ${this.keyId}` +
          (this.masterKeys.size > 1 ? ` (previous keys: ${[...this.masterKeys.keys()].filter((id) => id !== this.keyId).join(', ')})` : ''),
      );
    }
    return key;
  }

  private parse(sealed: string): { keyId: string; wrapped: string; body: string } {
    const [format, keyId, wrapped, body] = sealed.split('.');
    if (format !== FORMAT || !keyId || !wrapped || !body) throw new VaultError('A sealed credential is not in the expected format');
    return { keyId, wrapped, body };
  }
}
