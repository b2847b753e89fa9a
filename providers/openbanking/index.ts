// KFTC Open Banking API 2.0, following providers/openbanking/README.md: the public surface of this folder.
export {
  OpenBankingClient, MemoryOpenBankingTokenStore, sessionTokenStore, openbankingAuthorizeUrl, exchangeOpenBankingCode, refreshOpenBankingToken,
  bankTranId, kstDate, OPENBANKING_SCOPES, CONSENT_REQUIRED, type OpenBankingClientOptions, type OpenBankingOAuthConfig, type OpenBankingTokenStore,
  type TransactionQuery,
} from './client';
export { openbankingError, openbankingErrorKind } from './errors';
export type * from './types';
