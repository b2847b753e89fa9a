// `npm run keys:rotate-master`: re-wraps every sealed credential and session under the current master key.
// Zero-downtime procedure (README): deploy with the new key as KEY_ENCRYPTION_KEY and the old one in
// KEY_ENCRYPTION_KEY_PREVIOUS (every process then reads both), run this, then drop the previous key.
import { loadConfig, ConfigError } from '../platform/config';
import { startDatabase } from '../platform/db';
import { describeStartupFailure } from '../platform/preflight';
import { Keyring } from '../keyring/keyring';
import { rotateMasterKey } from '../keyring/rotate';

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.keyEncryptionKey.previous.length === 0) {
    throw new ConfigError('Set KEY_ENCRYPTION_KEY to the new master key and KEY_ENCRYPTION_KEY_PREVIOUS to the old one(s)');
  }
  const database = await startDatabase(config);
  const keyring = await Keyring.open({
    databaseUrl: database.url, masterKey: config.keyEncryptionKey.key, previousMasterKeys: config.keyEncryptionKey.previous,
  });
  try {
    const result = await rotateMasterKey(keyring);
    console.log(`re-wrapped ${result.rewrapped} of ${result.rows} keys under master key ${keyring.vault.keyId}`);
  } finally {
    await keyring.close();
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(describeStartupFailure(error, process.env.LOG_LEVEL));
  process.exit(1);
});
