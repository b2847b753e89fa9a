// The tenant's bank data through Open Banking (providers/openbanking): every call through the key resolver with the
// key's sealed tokens (refreshed under the key's row lock), bank_tran_ids from the shared counter (tran-id.ts).
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Keyring } from '../../../keyring/keyring';
import { OpenBankingClient, sessionTokenStore, type OpenBankingAccount, type OpenBankingTransaction } from '../../../providers/openbanking';
import { bankTranIds } from './tran-id';

export interface BankDeps {
  db: DataSource;
  keyring: Keyring;
  baseUrl: string;
  orgCode: string;
  redirectUri: string;
}

export interface BankTransactionRecord {
  /** Stable: a hash of the account and the transaction's own fields (KFTC gives transactions no id). */
  id: string;
  accountId: string;
  at: Date;
  direction: 'DEPOSIT' | 'WITHDRAWAL';
  amount: number;
  balanceAfter: number;
  counterparty: string;
}

export class BankService {
  private readonly nextBankTranId: () => Promise<string>;

  constructor(private readonly deps: BankDeps) {
    this.nextBankTranId = bankTranIds(deps.db, deps.orgCode);
  }

  private call<T>(tenantId: string, operation: string, fn: (client: OpenBankingClient) => Promise<T>): Promise<T> {
    return this.deps.keyring.call({ tenantId, provider: 'OPENBANKING', operation }, (lease) => {
      const { clientId, clientSecret } = lease.credentials;
      const session = { read: <S>() => this.deps.keyring.readSession<S>(lease.keyId), update: <S>(u: (c: S | null) => Promise<S>) => this.deps.keyring.updateSession<S>(lease.keyId, u) };
      return fn(new OpenBankingClient({
        baseUrl: this.deps.baseUrl, clientId, clientSecret, redirectUri: this.deps.redirectUri, tokens: sessionTokenStore(session), nextBankTranId: this.nextBankTranId,
      }));
    });
  }

  accounts(tenantId: string): Promise<OpenBankingAccount[]> {
    return this.call(tenantId, 'account.list', async (client) => (await client.accounts()).accounts);
  }

  /** Deposits and withdrawals of one account, Korean dates (YYYY-MM-DD) inclusive, oldest first. */
  async transactions(tenantId: string, accountId: string, from: string, to: string): Promise<BankTransactionRecord[]> {
    const list = await this.call(tenantId, 'account.transaction_list', (client) =>
      client.transactions({ fintechUseNum: accountId, fromDate: from.replace(/-/g, ''), toDate: to.replace(/-/g, '') }));
    return list.transactions.map((t) => present(accountId, t));
  }
}

function present(accountId: string, t: OpenBankingTransaction): BankTransactionRecord {
  const at = new Date(`${t.tran_date.slice(0, 4)}-${t.tran_date.slice(4, 6)}-${t.tran_date.slice(6, 8)}T${t.tran_time.slice(0, 2)}:${t.tran_time.slice(2, 4)}:${t.tran_time.slice(4, 6)}+09:00`);
  const id = createHash('sha256')
    .update([accountId, t.tran_date, t.tran_time, t.inout_type, t.tran_amt, t.after_balance_amt, t.print_content].join('\u0000'))
    .digest('base64url').slice(0, 32);
  return {
    id, accountId, at, direction: t.inout_type === '입금' ? 'DEPOSIT' : 'WITHDRAWAL', amount: Number(t.tran_amt), balanceAfter: Number(t.after_balance_amt),
    counterparty: t.print_content,
  };
}
