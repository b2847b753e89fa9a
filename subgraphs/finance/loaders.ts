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

const SELECT_TAX_INVOICES = `SELECT id, tenant_id, order_id, status, nts_confirm_number, issued_at, mgt_key, supply_amount, tax_amount,
  buyer_corp_num, buyer_corp_name, buyer_ceo_name, buyer_email, actor, claimed_at, cancelled_at
  FROM tax_invoices WHERE tenant_id = $1 AND order_id = ANY($2::uuid[])`;

interface TaxInvoiceRow {
  id: string; tenant_id: string; order_id: string; status: string; nts_confirm_number: string | null; issued_at: Date; mgt_key: string | null;
  supply_amount: string | null; tax_amount: string | null; buyer_corp_num: string | null; buyer_corp_name: string | null;
  buyer_ceo_name: string | null; buyer_email: string | null; actor: string | null; claimed_at: Date | null; cancelled_at: Date | null;
}

/** A row as TypeORM would hydrate the entity (bigint amounts as numbers, as its column transformer does). */
function taxInvoiceOf(row: TaxInvoiceRow): TaxInvoiceEntity {
  const amount = (value: string | null) => (value === null ? null : Number(value));
  return Object.assign(new TaxInvoiceEntity(), {
    id: row.id, tenantId: row.tenant_id, orderId: row.order_id, status: row.status, ntsConfirmNumber: row.nts_confirm_number, issuedAt: row.issued_at,
    mgtKey: row.mgt_key, supplyAmount: amount(row.supply_amount), taxAmount: amount(row.tax_amount), buyerCorpNum: row.buyer_corp_num,
    buyerCorpName: row.buyer_corp_name, buyerCeoName: row.buyer_ceo_name, buyerEmail: row.buyer_email, actor: row.actor,
    claimedAt: row.claimed_at, cancelledAt: row.cancelled_at,
  });
}

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
      // Plain SQL: every dashboard page asks this, and TypeORM's find cost more CPU building the query than the query did.
      const rows: TaxInvoiceRow[] = await deps.db.query(SELECT_TAX_INVOICES, [tenantId, orderIds]);
      const byOrder = new Map(rows.map((row) => [row.order_id, taxInvoiceOf(row)]));
      return orderIds.map((id) => byOrder.get(id) ?? null);
    }),
  };
}
