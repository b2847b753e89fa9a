// Per-request DataLoaders. Bound: neither Toss nor PortOne has a batch lookup, so one lookup per distinct order in
// the request that the shared payment cache does not hold (at most 8 in flight); tax invoices and cancellations are
// one query per request.
import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { ProviderError } from '../../providers/errors';
import { settleLimit } from '../../platform/concurrency';
import { providerFailure } from '../shared/provider-errors';
import { countCache } from '../../platform/metrics';
import { TaxInvoiceEntity } from './entities/tax-invoice';
import { PaymentCancellationEntity } from './entities/payment-cancellation';
import type { OwnMallPayments } from './own-mall';
import type { PaymentCache } from './cache';
import type { Payment } from './schema/types';

/** The PG a failure came from, as the error names it. */
export const pgName = (error: unknown) => (error instanceof ProviderError && error.provider === 'portone' ? 'PortOne' : 'Toss Payments');

export interface FinanceDeps { db: DataSource; ownMall: OwnMallPayments; cache: PaymentCache }

export function createLoaders(deps: FinanceDeps, tenantId: string) {
  return {
    ownMallPayment: new DataLoader<string, Payment | null>(async (orderIds) => {
      const cached = await deps.cache.getMany(tenantId, orderIds);
      const misses = orderIds.filter((_id, i) => cached[i] === undefined);
      countCache('payments', orderIds.length - misses.length, orderIds.length);
      const fetched = new Map<string, Payment | null | Error>();
      // One Toss call per missed order across every concurrent request and replica (no stampede on expiry).
      const results = await settleLimit(misses, 8, (orderId) => deps.cache.fill(tenantId, orderId, async () => {
        try {
          const payment = (await deps.ownMall.find(tenantId, orderId))?.payment ?? null;
          await deps.cache.set(tenantId, orderId, payment);
          return payment;
        } catch (error) {
          throw providerFailure(pgName(error), error);
        }
      }));
      misses.forEach((id, i) => fetched.set(id, results[i]));
      return orderIds.map((id, i) => (cached[i] !== undefined ? cached[i]! : fetched.get(id)!));
    }),
    cancellations: new DataLoader<string, PaymentCancellationEntity[]>(async (orderIds) => {
      const rows = await deps.db.getRepository(PaymentCancellationEntity).find({
        where: { tenantId, orderId: In([...orderIds]), status: 'DONE' }, order: { completedAt: 'ASC' },
      });
      return orderIds.map((id) => rows.filter((row) => row.orderId === id));
    }),
    taxInvoice: new DataLoader<string, TaxInvoiceEntity | null>(async (orderIds) => {
      const rows = await deps.db.getRepository(TaxInvoiceEntity).find({ where: { tenantId, orderId: In([...orderIds]) } });
      const byOrder = new Map(rows.map((row) => [row.orderId, row]));
      return orderIds.map((id) => byOrder.get(id) ?? null);
    }),
  };
}
