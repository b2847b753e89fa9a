import { Arg, Authorized, Ctx, ID, Int, Mutation, Resolver } from 'type-graphql';
import { Provider } from '../../../platform/graphql/enums';
import { cancelPayment } from '../cancel';
import type { FinanceContext } from '../context';
import type { PaymentCancellationEntity } from '../entities/payment-cancellation';
import { OrderFinance, PaymentCancellation, type Payment } from './types';

export function presentCancellation(row: PaymentCancellationEntity, payment: Payment | null): PaymentCancellation {
  return {
    id: row.id,
    order: { id: row.orderId } as OrderFinance,
    provider: row.provider as Provider,
    amount: { amount: row.amount, currency: 'KRW' },
    reason: row.reason,
    actor: row.actor,
    cancelledAt: row.completedAt ?? row.createdAt,
    payment,
  };
}

@Resolver()
export class CancelPaymentResolver {
  // Operators run the shop day to day (refunds included); admins hold every operator right (platform/identity.ts).
  @Authorized('operator')
  @Mutation(() => PaymentCancellation, {
    description:
      "Cancels `amount` won of an own-mall order's payment at its PG (Toss or PortOne): partial or, with all that is left, full. " +
      'More than is left: BAD_USER_INPUT. Cancels of one order run one at a time. The same idempotencyKey sent again ' +
      '(a retry) answers the first result and refunds nothing more.',
  })
  async cancelPayment(
    @Arg('orderId', () => ID) orderId: string,
    @Arg('amount', () => Int, { description: 'Won to refund' }) amount: number,
    @Arg('reason', () => String) reason: string,
    @Arg('idempotencyKey', () => String, { nullable: true, description: 'Makes retries safe: one cancel per key' }) idempotencyKey: string | null,
    @Ctx() ctx: FinanceContext,
  ): Promise<PaymentCancellation> {
    const { record, payment } = await cancelPayment(ctx.cancelDeps, ctx.identity.tenant, ctx.identity.sub, { orderId, amount, reason, idempotencyKey });
    return presentCancellation(record, payment);
  }
}
