// settlements(marketplace, from, to): what a marketplace will pay out and when (settlements.ts). Guarded as
// bankTransactions is: a viewer may read it, a failing marketplace is PROVIDER_UNAVAILABLE, Cafe24 is BAD_USER_INPUT.
import { Arg, Authorized, Ctx, Field, ObjectType, Query, Resolver, registerEnumType } from 'type-graphql';
import { badUserInput } from '../../../platform/errors';
import { Marketplace } from '../../../platform/graphql/enums';
import { Money } from '../../../platform/graphql/types';
import type { FinanceContext } from '../context';
import { settlements, type SettlementRow } from '../settlements';
import { DateScalar } from './bank';

export enum SettlementStatus { SCHEDULED = 'SCHEDULED', PAID = 'PAID' }
registerEnumType(SettlementStatus, { name: 'SettlementStatus', description: 'SCHEDULED until the marketplace has paid out, then PAID' });

@ObjectType({ description: 'One payout of a marketplace: the sales it settles, what it keeps, and what reaches the seller on settlementDate' })
export class Settlement {
  @Field(() => Marketplace) marketplace!: Marketplace;
  @Field(() => DateScalar, { description: 'The day the marketplace pays (or paid) this out' }) settlementDate!: string;
  @Field(() => DateScalar, { description: 'The first sales day settled here (recognition/purchase-decision day)' }) periodStart!: string;
  @Field(() => DateScalar, { description: 'The last sales day settled here' }) periodEnd!: string;
  @Field(() => Money) grossSales!: Money;
  @Field(() => Money, { description: "The marketplace's commission and service fees (VAT included)" }) commission!: Money;
  @Field(() => Money, { description: 'Everything else withheld: discounts the seller bears, holdbacks, offsets' }) deductions!: Money;
  @Field(() => Money, { description: 'What reaches the seller: grossSales − commission − deductions' }) netPayout!: Money;
  @Field(() => SettlementStatus) status!: SettlementStatus;
}

const MAX_DAYS = 93;
const krw = (amount: number): Money => ({ amount, currency: 'KRW' });

function present(marketplace: Marketplace, row: SettlementRow): Settlement {
  return {
    marketplace, settlementDate: row.settlementDate, periodStart: row.periodStart, periodEnd: row.periodEnd, grossSales: krw(row.grossSales),
    commission: krw(row.commission), deductions: krw(row.deductions), netPayout: krw(row.netPayout), status: row.status as SettlementStatus,
  };
}

@Resolver()
export class SettlementResolver {
  @Authorized('viewer')
  @Query(() => [Settlement], {
    nullable: true,
    description: "A marketplace's payouts for sales between two Korean days (inclusive, at most 93 days), by settlement date. CAFE24 (the own mall) has none: BAD_USER_INPUT.",
  })
  async settlements(
    @Arg('marketplace', () => Marketplace) marketplace: Marketplace,
    @Arg('from', () => DateScalar) from: string,
    @Arg('to', () => DateScalar) to: string,
    @Ctx() ctx: FinanceContext,
  ): Promise<Settlement[]> {
    if (from > to) throw badUserInput('"from" must not be after "to"', 'from');
    if ((Date.parse(to) - Date.parse(from)) / 86_400_000 >= MAX_DAYS) throw badUserInput(`at most ${MAX_DAYS} days at a time`, 'to');
    const rows = await settlements(ctx.settlementDeps, ctx.identity.tenant, marketplace, from, to);
    return rows.map((row) => present(marketplace, row));
  }
}
