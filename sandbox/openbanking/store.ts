// The sandbox's Open Banking state (providers/openbanking/README.md): registered apps, codes and tokens, the demo
// account holder's accounts and their transactions, and the bank_tran_ids already used each day.
import { moduleState } from '../module-state';
import type { SandboxState } from '../state';

export interface App { clientId: string; clientSecret: string; orgCode: string; redirectUris: string[] }
export interface Grant { clientId: string; redirectUri: string; scope: string; userSeqNo: string; expiresAt: number }
export interface Token { clientId: string; userSeqNo: string; scope: string; expiresAt: number }
export interface Transaction {
  at: number;
  deposit: boolean;
  tranType: string;
  printContent: string;
  amount: number;
  afterBalance: number;
  branchName: string;
}
export interface Account {
  fintechUseNum: string;
  bankCode: string;
  bankName: string;
  numberMasked: string;
  alias: string;
  holderName: string;
  balance: number;
  transactions: Transaction[];
}
export interface User { userSeqNo: string; name: string; accounts: string[] }

export interface OpenBankingStore {
  apps: Map<string, App>;
  codes: Map<string, Grant>;
  accessTokens: Map<string, Token>;
  refreshTokens: Map<string, Token>;
  users: Map<string, User>;
  accounts: Map<string, Account>;
  /** `${YYYYMMDD}:${bank_tran_id}` of every call that carried one. */
  usedTranIds: Set<string>;
}

export const openbankingStore = (state: SandboxState) =>
  moduleState<OpenBankingStore>(state, 'openbanking', () => ({
    apps: new Map(), codes: new Map(), accessTokens: new Map(), refreshTokens: new Map(), users: new Map(), accounts: new Map(), usedTranIds: new Set(),
  }));

export function addTransaction(account: Account, tx: Omit<Transaction, 'afterBalance'>): Transaction {
  account.balance += tx.deposit ? tx.amount : -tx.amount;
  const full = { ...tx, afterBalance: account.balance };
  account.transactions.push(full);
  account.transactions.sort((a, b) => a.at - b.at);
  return full;
}
