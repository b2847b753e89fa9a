// Keys as they can exist in a store without having passed today's add-time checks (added by an older release, or
// imported): stored valid, then their sealed credentials replaced, so the key resolver meets them as it would.
import type { Keyring, NewKey } from '../../keyring/keyring';

export async function addLegacyKey(keyring: Keyring, input: NewKey, validCredentials: Record<string, string>) {
  const key = await keyring.addKey({ ...input, credentials: validCredentials });
  await keyring.db.query('UPDATE provider_keys SET sealed_credentials = $1 WHERE id = $2', [keyring.vault.seal(input.credentials), key.id]);
  return key;
}
