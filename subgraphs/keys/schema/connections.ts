// The mutations that store a key waiting for OAuth consent and answer the authorize URL. CONTRACT.md names them per
// provider (connectCafe24, reconnectCafe24, connectOpenBanking) with the provider's own input fields, so each is a
// small resolver of its own; the consent behind them is the provider-neutral one (../oauth-consent.ts) with the
// parts of the provider's descriptor.
import { Cafe24ConnectionResolver } from './cafe24';
import { OpenBankingConnectionResolver } from './openbanking';

export const CONNECTION_RESOLVERS = [Cafe24ConnectionResolver, OpenBankingConnectionResolver] as const;
