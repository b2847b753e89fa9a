// Per-request DataLoaders. Bound: Toss has no batch lookup, so one call per distinct order in the request
// that the shared payment cache does not hold (at most 8 in flight); tax invoices are one query per request.
import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { TossClient, type TossPayment } from '../../providers/toss';
import type { Keyring } from '../../keyring/keyring';
import { settleLimit } from '../../platform/concurrency';
import { providerFailure } from '../shared/provider-errors';
import { countCache } from '../../platform/metrics';
import { TaxInvoiceEntity } from './entities/tax-invoice';
import { fromToss } from './payments';
import type { PaymentCache } from './cache';
import type { Payment } from './schema/types';

export interface FinanceDeps { db: DataSource; keyring: Keyring; tossBaseUrl: string; cache: PaymentCache }

export function createLoaders(deps: FinanceDeps, tenantId: string) {
  const paymentOf = (orderId: string) =>
    deps.keyring.call<{ secretKey: string }, TossPayment | null>(
      { tenantId, provider: 'TOSS', operation: 'getPaymentByOrderId' },
      (lease) => new TossClient({ baseUrl: deps.tossBaseUrl, secretKey: lease.credentials.secretKey }).getPaymentByOrderId(orderId),
    );

  return {
    tossPayment: new DataLoader<string, Payment | null>(async (orderIds) => {
      const cached = await deps.cache.getMany(tenantId, orderIds);
      const misses = orderIds.filter((_id, i) => cached[i] === undefined);
      countCache('payments', orderIds.length - misses.length, orderIds.length);
      const fetched = new Map<string, Payment | null | Error>();
      // One Toss call per missed order across every concurrent request and replica (no stampede on expiry).
      const results = await settleLimit(misses, 8, (orderId) => deps.cache.fill(tenantId, orderId, async () => {
        try {
          const found = await paymentOf(orderId);
          const payment = found ? fromToss(found) : null;
          await deps.cache.set(tenantId, orderId, payment);
          return payment;
        } catch (error) {
          throw providerFailure('Toss Payments', error);
        }
      }));
      misses.forEach((id, i) => fetched.set(id, results[i]));
      return orderIds.map((id, i) => (cached[i] !== undefined ? cached[i]! : fetched.get(id)!));
    }),
    taxInvoice: new DataLoader<string, TaxInvoiceEntity | null>(async (orderIds) => {
      const rows = await deps.db.getRepository(TaxInvoiceEntity).find({ where: { tenantId, orderId: In([...orderIds]) } });
      const byOrder = new Map(rows.map((row) => [row.orderId, row]));
      return orderIds.map((id) => byOrder.get(id) ?? null);
    }),
  };
}
