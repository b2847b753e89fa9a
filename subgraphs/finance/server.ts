// finance: payments, tax invoices, bank transactions. Extends Order with `payment` and `taxInvoice`.
import type { DataSource } from 'typeorm';
import { openDatabase } from '../../platform/db';
import { buildFederatedSchema, startSubgraphServer, type CommonSubgraphOptions, type RunningSubgraph } from '../../platform/subgraph';
import type { Keyring } from '../../keyring/keyring';
import type { KeyValueStore } from '../../platform/kv';
import type { Config } from '../../platform/config';
import { TaxInvoiceEntity } from './entities/tax-invoice';
import { TaxInvoices1732500000200 } from './migrations/1732500000200-TaxInvoices';
import { OrderFinanceResolver } from './schema/resolvers';
import { OrderFinance } from './schema/types';
import { createLoaders } from './loaders';
import type { FinanceContext } from './context';
import { PaymentCache } from './cache';
import '../../platform/graphql/enums';

export function buildFinanceSchema() {
  return buildFederatedSchema(
    { resolvers: [OrderFinanceResolver], orphanedTypes: [OrderFinance] },
    { Order: { __resolveReference: (reference: OrderFinance) => reference } },
  );
}

export interface FinanceOptions extends CommonSubgraphOptions {
  databaseUrl: string;
  keyring: Keyring;
  tossBaseUrl: string;
  kv: KeyValueStore;
}

export async function startFinance(options: FinanceOptions): Promise<RunningSubgraph & { db: DataSource }> {
  const db = await openDatabase({
    url: options.databaseUrl,
    name: 'finance',
    entities: [TaxInvoiceEntity],
    migrations: [TaxInvoices1732500000200],
  });
  const deps = { db, keyring: options.keyring, tossBaseUrl: options.tossBaseUrl, cache: new PaymentCache(options.kv) };
  const running = await startSubgraphServer<FinanceContext>({
    name: 'finance',
    schema: await buildFinanceSchema(),
    port: options.port,
    host: options.host,
    subgraphSecret: options.subgraphSecret,
    logger: options.logger,
    createContext: (base) => ({ ...base, db, loaders: createLoaders(deps, base.identity.tenant) }),
  });
  return { ...running, db, close: async () => { await running.close(); await db.destroy(); } };
}

/** Finance's options from the config: the payment provider's base URL. */
export function financeOptionsFrom(config: Config, deps: Pick<FinanceOptions, 'keyring' | 'events' | 'logger' | 'databaseUrl' | 'kv'>, port: number): FinanceOptions {
  return { ...deps, port, host: config.host, subgraphSecret: config.auth.subgraphSecret, tossBaseUrl: config.providers.baseUrls.toss };
}
