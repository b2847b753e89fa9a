// The key resolver every provider call goes through (first version): a tenant's own keys first, then the
// shared pool. Quotas, rate limits, rotation and the breaker come with issue 4.
import type { DataSource } from 'typeorm';
import { openDatabase } from '../platform/db';
import { noProviderKey } from '../platform/errors';
import { ProviderKeyEntity } from './entities';
import { ProviderKeys1732500000000 } from './migrations/1732500000000-ProviderKeys';
import { Vault, VaultError } from './vault';
import { last4, parseCredentials, type Provider } from './credentials';

export interface KeyLease<C = Record<string, string>> {
  keyId: string;
  provider: Provider;
  last4: string;
  credentials: C;
}

export interface NewKey {
  tenantId: string | null;
  provider: Provider;
  label: string;
  dailyQuota?: number | null;
  credentials: unknown;
}

export type KeyView = Omit<ProviderKeyEntity, 'sealedCredentials' | 'sealedSession'>;

function view(row: ProviderKeyEntity): KeyView {
  const { sealedCredentials: _credentials, sealedSession: _session, ...rest } = row;
  return rest;
}

export class Keyring {
  private constructor(
    private readonly db: DataSource,
    private readonly vault: Vault,
  ) {}

  static async open(options: { databaseUrl: string; masterKey: Buffer; previousMasterKeys?: Buffer[] }): Promise<Keyring> {
    const db = await openDatabase({
      url: options.databaseUrl,
      name: 'keyring',
      entities: [ProviderKeyEntity],
      migrations: [ProviderKeys1732500000000],
      poolSize: 4,
    });
    const keyring = new Keyring(db, new Vault(options.masterKey, options.previousMasterKeys));
    await keyring.checkMasterKey().catch(async (error) => {
      await db.destroy();
      throw error;
    });
    return keyring;
  }

  /** A wrong KEY_ENCRYPTION_KEY must stop start-up with a clear reason, never yield garbage later. */
  private async checkMasterKey(): Promise<void> {
    const sample = await this.db.getRepository(ProviderKeyEntity).findOne({ where: {}, order: { createdAt: 'ASC' } });
    if (!sample) return;
    try {
      this.vault.open(sample.sealedCredentials);
    } catch (error) {
      if (error instanceof VaultError) throw new VaultError(`Cannot open the key store: ${error.message}`);
      throw error;
    }
  }

  async addKey(input: NewKey): Promise<KeyView> {
    const credentials = parseCredentials(input.provider, input.credentials);
    const row = this.db.getRepository(ProviderKeyEntity).create({
      tenantId: input.tenantId,
      provider: input.provider,
      label: input.label,
      scope: input.tenantId === null ? 'SHARED' : 'TENANT',
      last4: last4(input.provider, credentials),
      sealedCredentials: this.vault.seal(credentials),
      dailyQuota: input.dailyQuota ?? null,
    });
    return view(await this.db.getRepository(ProviderKeyEntity).save(row));
  }

  async listKeys(tenantId: string, provider?: Provider): Promise<KeyView[]> {
    const rows = await this.db.getRepository(ProviderKeyEntity).find({
      where: provider ? { tenantId, provider } : { tenantId },
      order: { createdAt: 'ASC' },
    });
    return rows.map(view);
  }

  /** The tenant's own active key first, then the shared pool; NO_PROVIDER_KEY when neither has one. */
  async resolve<C = Record<string, string>>(tenantId: string, provider: Provider): Promise<KeyLease<C>> {
    const row = await this.db
      .getRepository(ProviderKeyEntity)
      .createQueryBuilder('key')
      .where('key.provider = :provider AND key.status = :status', { provider, status: 'ACTIVE' })
      .andWhere('(key.tenant_id = :tenantId OR key.tenant_id IS NULL)', { tenantId })
      .orderBy('key.tenant_id IS NULL', 'ASC')
      .addOrderBy('key.created_at', 'ASC')
      .getOne();
    if (!row) throw noProviderKey(provider);
    return { keyId: row.id, provider, last4: row.last4, credentials: this.vault.open<C>(row.sealedCredentials) };
  }

  async readSession<S>(keyId: string): Promise<S | null> {
    const row = await this.db.getRepository(ProviderKeyEntity).findOne({ where: { id: keyId }, select: ['id', 'sealedSession'] });
    return row?.sealedSession ? this.vault.open<S>(row.sealedSession) : null;
  }

  /**
   * Runs `update` with the key's row locked (SELECT … FOR UPDATE), so replicas refreshing a rotating token at
   * once take turns; what `update` returns is sealed and committed before the caller sees it.
   */
  async updateSession<S>(keyId: string, update: (current: S | null) => Promise<S>): Promise<S> {
    return this.db.transaction(async (manager) => {
      const [row] = await manager.query('SELECT sealed_session FROM provider_keys WHERE id = $1 FOR UPDATE', [keyId]);
      const current = row?.sealed_session ? this.vault.open<S>(row.sealed_session) : null;
      const next = await update(current);
      if (next !== current) {
        await manager.query('UPDATE provider_keys SET sealed_session = $2 WHERE id = $1', [keyId, this.vault.seal(next)]);
      }
      return next;
    });
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
