// issueTaxInvoice / cancelTaxInvoice (subgraphs/finance/tax-invoices.ts).
import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { FinanceContext } from '../context';
import type { TaxInvoiceEntity } from '../entities/tax-invoice';
import { cancelTaxInvoice, issueTaxInvoice } from '../tax-invoices';
import { OrderFinance, TaxInvoice, TaxInvoiceBuyerInput, TaxInvoiceStatus } from './types';

const won = (amount: number | null) => (amount === null ? null : { amount, currency: 'KRW' });

export function presentTaxInvoice(row: TaxInvoiceEntity): TaxInvoice {
  return {
    status: row.status as TaxInvoiceStatus,
    ntsConfirmNumber: row.ntsConfirmNumber,
    supplyAmount: won(row.supplyAmount),
    taxAmount: won(row.taxAmount),
    totalAmount: row.supplyAmount === null || row.taxAmount === null ? null : won(row.supplyAmount + row.taxAmount),
    mgtKey: row.mgtKey,
    issuedAt: row.issuedAt,
    order: { id: row.orderId } as OrderFinance,
  };
}

@Resolver()
export class TaxInvoiceResolver {
  @Authorized('operator')
  @Mutation(() => TaxInvoice, {
    description:
      "Issues (즉시발행, through Popbill) the electronic tax invoice of a paid order to a business buyer: 과세, 영수, the order total " +
      'split into supply and 10% VAT. One invoice per order: issuing again, concurrently or after a timeout, answers the same ' +
      'invoice (`buyer` is then not needed). An unpaid order, a bad 사업자등록번호 or a Popbill refusal: BAD_USER_INPUT.',
  })
  async issueTaxInvoice(
    @Arg('orderId', () => ID) orderId: string,
    @Arg('buyer', () => TaxInvoiceBuyerInput, { nullable: true, description: 'Needed for the first issue of an order' }) buyer: TaxInvoiceBuyerInput | null,
    @Ctx() ctx: FinanceContext,
  ): Promise<TaxInvoice> {
    return presentTaxInvoice(await issueTaxInvoice(ctx.taxInvoiceDeps, ctx.identity.tenant, ctx.identity.sub, orderId, buyer));
  }

  @Authorized('operator')
  @Mutation(() => TaxInvoice, {
    description:
      "Cancels (발행취소) the order's issued tax invoice before it is filed to the NTS; once filed it is corrected with a " +
      '수정세금계산서 instead (BAD_USER_INPUT). Cancelling again answers the cancelled invoice.',
  })
  async cancelTaxInvoice(
    @Arg('orderId', () => ID) orderId: string,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
    @Ctx() ctx: FinanceContext,
  ): Promise<TaxInvoice> {
    return presentTaxInvoice(await cancelTaxInvoice(ctx.taxInvoiceDeps, ctx.identity.tenant, orderId, reason));
  }
}
