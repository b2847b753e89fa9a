// finance: payments, tax invoices, bank transactions, marketplace settlements. Extends Order with `payment`, `paymentCancellations` and
// `taxInvoice`; cancelPayment; receives PortOne webhooks.
import type { DataSource } from 'typeorm';
import { openDatabase } from '../../platform/db';
import { buildFederatedSchema, startSubgraphServer, type CommonSubgraphOptions, type RunningSubgraph } from '../../platform/subgraph';
import type { Keyring } from '../../keyring/keyring';
import type { KeyValueStore } from '../../platform/kv';
import type { Config } from '../../platform/config';
import { PaymentCancellationEntity } from './entities/payment-cancellation';
import { TaxInvoiceEntity } from './entities/tax-invoice';
import { TaxInvoices1732500000200 } from './migrations/1732500000200-TaxInvoices';
import { PaymentCancellations1733100000200 } from './migrations/1733100000200-PaymentCancellations';
import { CancelPaymentResolver } from './schema/cancel-resolver';
import { TaxInvoiceResolver } from './schema/tax-invoice-resolver';
import { TaxInvoiceIssue1733300000200 } from './migrations/1733300000200-TaxInvoiceIssue';
import { BankResolver } from './schema/bank';
import { SettlementResolver } from './schema/settlements';
import { BankService } from './bank/service';
import { OpenBanking1733200000300 } from './migrations/1733200000300-OpenBanking';
import { OrderPaidOutbox1733400000200 } from './migrations/1733400000200-OrderPaidOutbox';
import { startPaidOutbox } from './bank/paid-outbox';
import { OrderFinanceResolver } from './schema/resolvers';
import { OrderFinance } from './schema/types';
import { OwnMallPayments } from './own-mall';
import { PORTONE_WEBHOOK_PATH, portoneWebhookRoute } from './webhooks';
import { createLoaders } from './loaders';
import type { FinanceContext } from './context';
import { PaymentCache } from './cache';
import '../../platform/graphql/enums';

export function buildFinanceSchema() {
  return buildFederatedSchema(
    { resolvers: [OrderFinanceResolver, CancelPaymentResolver, TaxInvoiceResolver, BankResolver, SettlementResolver], orphanedTypes: [OrderFinance] },
    { Order: { __resolveReference: (reference: OrderFinance) => reference } },
  );
}

export interface FinanceOptions extends CommonSubgraphOptions {
  databaseUrl: string;
  keyring: Keyring;
  tossBaseUrl: string;
  portoneBaseUrl: string;
  /** Popbill's API host (POPBILL_BASE_URL): tax invoices. */
  popbillBaseUrl: string;
  /** Open Banking: its base URL, the institution code of bank_tran_ids and the registered redirect URI. */
  openbanking?: { baseUrl: string; orgCode: string; redirectUri: string };
  /** The marketplaces' API hosts, for their settlement APIs. */
  marketplaceBaseUrls: { naver: string; coupang: string; elevenst: string };
  kv: KeyValueStore;
  /** Unauthenticated webhook traffic allowed per source IP and per tenant (webhooks.ts). */
  webhookRate?: { perSecond: number; burst: number };
  /** Commerce's URL: reconciliation asks it to mark matched orders paid (it owns them). */
  commerceUrl: string;
  /** How often matches commerce has not confirmed are asked again (ORDER_PAID_RETRY_MS); 0: only on reconciliation. */
  orderPaidRetryMs: number;
}

export async function startFinance(options: FinanceOptions): Promise<RunningSubgraph & { db: DataSource }> {
  const db = await openDatabase({
    url: options.databaseUrl,
    name: 'finance',
    entities: [TaxInvoiceEntity, PaymentCancellationEntity],
    migrations: [TaxInvoices1732500000200, PaymentCancellations1733100000200, OpenBanking1733200000300, TaxInvoiceIssue1733300000200, OrderPaidOutbox1733400000200],
  });
  const cache = new PaymentCache(options.kv);
  const ownMall = new OwnMallPayments({ keyring: options.keyring, tossBaseUrl: options.tossBaseUrl, portoneBaseUrl: options.portoneBaseUrl });
  const deps = { db, ownMall, cache };
  const cancelDeps = { db, ownMall, cache, events: options.events };
  const taxInvoiceDeps = { db, keyring: options.keyring, popbillBaseUrl: options.popbillBaseUrl };
  const settlementDeps = { keyring: options.keyring, baseUrls: options.marketplaceBaseUrls };
  const reconcileDeps = { db, commerceUrl: options.commerceUrl, subgraphSecret: options.subgraphSecret, logger: options.logger };
  const bank = options.openbanking ? new BankService({ db, keyring: options.keyring, ...options.openbanking }) : undefined;
  const running = await startSubgraphServer<FinanceContext>({
    name: 'finance',
    schema: await buildFinanceSchema(),
    port: options.port,
    host: options.host,
    subgraphSecret: options.subgraphSecret,
    logger: options.logger,
    createContext: (base) => ({ ...base, db, cancelDeps, taxInvoiceDeps, bank, reconcileDeps, settlementDeps, loaders: createLoaders(deps, base.identity.tenant) }),
    routes: {
      [PORTONE_WEBHOOK_PATH]: portoneWebhookRoute({
        db, keyring: options.keyring, ownMall, cache, events: options.events, logger: options.logger, rate: options.webhookRate,
        subgraphSecret: options.subgraphSecret,
      }),
    },
  }).catch(async (error) => {
    await db.destroy();
    throw error;
  });
  const outbox = startPaidOutbox(reconcileDeps, options.orderPaidRetryMs);
  return { ...running, db, close: async () => { await outbox.stop(); await running.close(); await db.destroy(); } };
}

/** Finance's options from the config: the payment providers' base URLs, the webhook rate and where commerce is. */
export function financeOptionsFrom(config: Config, deps: Pick<FinanceOptions, 'keyring' | 'events' | 'logger' | 'databaseUrl' | 'kv'>, port: number): FinanceOptions {
  return {
    ...deps, port, host: config.host, subgraphSecret: config.auth.subgraphSecret, tossBaseUrl: config.providers.baseUrls.toss,
    commerceUrl: config.subgraphUrls.commerce, orderPaidRetryMs: config.reconciliation.orderPaidRetryMs,
    portoneBaseUrl: config.providers.baseUrls.portone, popbillBaseUrl: config.providers.baseUrls.popbill, webhookRate: config.faults.webhookRate,
    marketplaceBaseUrls: { naver: config.providers.baseUrls.naver, coupang: config.providers.baseUrls.coupang, elevenst: config.providers.baseUrls.elevenst },
    openbanking: {
      baseUrl: config.providers.baseUrls.openbanking, orgCode: config.providers.openbankingOrgCode, redirectUri: config.providers.openbankingRedirectUri,
    },
  };
}
