import { Authorized, Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import { Marketplace } from '../../../platform/graphql/enums';
import type { FinanceContext } from '../context';
import { fromMarketplace } from '../payments';
import { currentTaxInvoice } from '../tax-invoices';
import { presentCancellation } from './cancel-resolver';
import { presentTaxInvoice } from './tax-invoice-resolver';
import { OrderFinance, Payment, PaymentCancellation, TaxInvoice } from './types';

@Resolver(() => OrderFinance)
export class OrderFinanceResolver {
  @Directive('@requires(fields: "marketplace externalId marketplacePayment")')
  @FieldResolver(() => Payment, { nullable: true, description: 'The payment for this order; null while unpaid.' })
  async payment(@Root() order: OrderFinance, @Ctx() ctx: FinanceContext): Promise<Payment | null> {
    // Own-mall (Cafe24) orders are paid through the mall's PGs (Toss, PortOne: own-mall.ts); marketplace orders carry their payment.
    if (order.marketplace === Marketplace.CAFE24) return ctx.loaders.ownMallPayment.load(order.externalId);
    return order.marketplacePayment ? fromMarketplace(order.marketplace, order.marketplacePayment) : null;
  }

  @Authorized('viewer')
  @FieldResolver(() => [PaymentCancellation], { description: 'The cancels made through cancelPayment, oldest first: amount, reason, who and when.' })
  async paymentCancellations(@Root() order: OrderFinance, @Ctx() ctx: FinanceContext): Promise<PaymentCancellation[]> {
    const rows = await ctx.loaders.cancellations.load(order.id);
    return rows.map((row) => presentCancellation(row, null));
  }

  @FieldResolver(() => TaxInvoice, { nullable: true, description: 'The tax invoice issued for this order, if any.' })
  async taxInvoice(@Root() order: OrderFinance, @Ctx() ctx: FinanceContext): Promise<TaxInvoice | null> {
    const row = await ctx.loaders.taxInvoice.load(order.id);
    return row ? presentTaxInvoice(await currentTaxInvoice(ctx.taxInvoiceDeps, row)) : null;
  }
}
