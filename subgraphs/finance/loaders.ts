// Per-request DataLoaders. Bound: Toss has no batch lookup, so one call per distinct order in the request
// (at most 8 in flight) and one key lookup; tax invoices are one query per request.
import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { TossClient, type TossPayment } from '../../providers/toss';
import type { Keyring } from '../../keyring/keyring';
import { settleLimit } from '../../platform/concurrency';
import { providerFailure } from '../shared/provider-errors';
import { TaxInvoiceEntity } from './entities/tax-invoice';
import { fromToss } from './payments';
import type { Payment } from './schema/types';

export interface FinanceDeps { db: DataSource; keyring: Keyring; tossBaseUrl: string }

export function createLoaders(deps: FinanceDeps, tenantId: string) {
  const paymentOf = (orderId: string) =>
    deps.keyring.call<{ secretKey: string }, TossPayment | null>(
      { tenantId, provider: 'TOSS', operation: 'getPaymentByOrderId' },
      (lease) => new TossClient({ baseUrl: deps.tossBaseUrl, secretKey: lease.credentials.secretKey }).getPaymentByOrderId(orderId),
    );

  return {
    tossPayment: new DataLoader<string, Payment | null>(async (orderIds) => {
      return settleLimit(orderIds, 8, async (orderId) => {
        try {
          const payment = await paymentOf(orderId);
          return payment ? fromToss(payment) : null;
        } catch (error) {
          throw providerFailure('Toss Payments', error);
        }
      });
    }),
    taxInvoice: new DataLoader<string, TaxInvoiceEntity | null>(async (orderIds) => {
      const rows = await deps.db.getRepository(TaxInvoiceEntity).find({ where: { tenantId, orderId: In([...orderIds]) } });
      const byOrder = new Map(rows.map((row) => [row.orderId, row]));
      return orderIds.map((id) => byOrder.get(id) ?? null);
    }),
  };
}
