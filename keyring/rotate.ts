// Master-key rotation: each row is re-wrapped in its own short transaction (row locked), so running
// processes keep serving throughout; rows already under the current key are skipped, so it can be re-run.
import type { Keyring } from './keyring';

export async function rotateMasterKey(keyring: Keyring): Promise<{ rows: number; rewrapped: number }> {
  const ids: Array<{ id: string }> = await keyring.db.query('SELECT id FROM provider_keys ORDER BY created_at');
  let rewrapped = 0;
  for (const { id } of ids) {
    const changed = await keyring.db.transaction(async (manager) => {
      const [row] = await manager.query<Array<{ sealed_credentials: string; sealed_session: string | null } | undefined>>(
        'SELECT sealed_credentials, sealed_session FROM provider_keys WHERE id = $1 FOR UPDATE', [id],
      );
      if (!row) return false;
      const credentials = keyring.vault.rewrap(row.sealed_credentials);
      const session = row.sealed_session ? keyring.vault.rewrap(row.sealed_session) : null;
      if (credentials === row.sealed_credentials && session === row.sealed_session) return false;
      await manager.query('UPDATE provider_keys SET sealed_credentials = $2, sealed_session = $3 WHERE id = $1', [id, credentials, session]);
      return true;
    });
    if (changed) rewrapped += 1;
  }
  return { rows: ids.length, rewrapped };
}
