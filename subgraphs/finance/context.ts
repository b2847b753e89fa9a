import type DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { SubgraphContext } from '../../platform/subgraph';
import type { Payment } from './schema/types';
import type { TaxInvoiceEntity } from './entities/tax-invoice';
import type { PaymentCancellationEntity } from './entities/payment-cancellation';
import type { CancelDeps } from './cancel';
import type { BankService } from './bank/service';

export interface FinanceContext extends SubgraphContext {
  db: DataSource;
  cancelDeps: CancelDeps;
  /** Open Banking (bankAccounts, bankTransactions). */
  bank?: BankService;
  loaders: {
    ownMallPayment: DataLoader<string, Payment | null>;
    cancellations: DataLoader<string, PaymentCancellationEntity[]>;
    taxInvoice: DataLoader<string, TaxInvoiceEntity | null>;
  };
}
