import type DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { SubgraphContext } from '../../platform/subgraph';
import type { Payment } from './schema/types';
import type { TaxInvoiceEntity } from './entities/tax-invoice';
import type { PaymentCancellationEntity } from './entities/payment-cancellation';
import type { CancelDeps } from './cancel';
import type { TaxInvoiceDeps } from './tax-invoices';
import type { BankService } from './bank/service';
import type { ReconcileDeps } from './bank/reconcile';
import type { SettlementDeps } from './settlements';

export interface FinanceContext extends SubgraphContext {
  db: DataSource;
  cancelDeps: CancelDeps;
  taxInvoiceDeps: TaxInvoiceDeps;
  /** Open Banking (bankAccounts, bankTransactions). */
  bank?: BankService;
  reconcileDeps: ReconcileDeps;
  /** The marketplaces' settlement APIs (settlements). */
  settlementDeps: SettlementDeps;
  loaders: {
    ownMallPayment: DataLoader<string, Payment | null>;
    cancellations: DataLoader<string, PaymentCancellationEntity[]>;
    taxInvoice: DataLoader<string, TaxInvoiceEntity | null>;
  };
}
