// Per-request DataLoaders. Bound: Toss has no batch lookup, so one call per distinct order in the request
// (at most 8 in flight) and one key lookup; tax invoices are one query per request.
import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { TossClient } from '../../providers/toss';
import type { Keyring } from '../../keyring/keyring';
import { settleLimit } from '../../platform/concurrency';
import { providerFailure } from '../shared/provider-errors';
import { TaxInvoiceEntity } from './entities/tax-invoice';
import { fromToss } from './payments';
import type { Payment } from './schema/types';

export interface FinanceDeps { db: DataSource; keyring: Keyring; tossBaseUrl: string }

export function createLoaders(deps: FinanceDeps, tenantId: string) {
  let toss: Promise<TossClient> | null = null;
  const tossClient = () =>
    (toss ??= deps.keyring
      .resolve<{ secretKey: string }>(tenantId, 'TOSS')
      .then((lease) => new TossClient({ baseUrl: deps.tossBaseUrl, secretKey: lease.credentials.secretKey })));

  return {
    tossPayment: new DataLoader<string, Payment | null>(async (orderIds) => {
      const client = await tossClient();
      return settleLimit(orderIds, 8, async (orderId) => {
        try {
          const payment = await client.getPaymentByOrderId(orderId);
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
