import type DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { SubgraphContext } from '../../platform/subgraph';
import type { Payment } from './schema/types';
import type { TaxInvoiceEntity } from './entities/tax-invoice';

export interface FinanceContext extends SubgraphContext {
  db: DataSource;
  loaders: {
    tossPayment: DataLoader<string, Payment | null>;
    taxInvoice: DataLoader<string, TaxInvoiceEntity | null>;
  };
}
