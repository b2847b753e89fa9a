// bankAccounts and bankTransactions (Open Banking): the tenant's registered accounts (numbers masked by KFTC) and
// one account's deposits and withdrawals. A failing provider nulls the field only (PROVIDER_UNAVAILABLE).
import { GraphQLScalarType, Kind } from 'graphql';
import { Arg, Authorized, Ctx, Field, ID, Mutation, ObjectType, Query, Resolver, registerEnumType } from 'type-graphql';
import { badUserInput } from '../../../platform/errors';
import { Money } from '../../../platform/graphql/types';
import { providerFailure } from '../../shared/provider-errors';
import { candidatesFor, matchDeposit, matchesOf, reconcile, unmatched } from '../bank/reconcile';
import type { BankService } from '../bank/service';
import type { FinanceContext } from '../context';
import { OrderFinance } from './types';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (value: unknown): value is string =>
  typeof value === 'string' && DATE.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description: 'A calendar day in Korea, YYYY-MM-DD',
  serialize: (value) => String(value),
  parseValue: (value) => {
    if (!validDate(value)) throw badUserInput(`a Date must be YYYY-MM-DD, but got ${JSON.stringify(value)}`);
    return value;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING || !validDate(ast.value)) throw badUserInput('a Date must be a YYYY-MM-DD string');
    return ast.value;
  },
});

export enum BankDirection { DEPOSIT = 'DEPOSIT', WITHDRAWAL = 'WITHDRAWAL' }
registerEnumType(BankDirection, { name: 'BankDirection', description: 'Money in (DEPOSIT) or out (WITHDRAWAL) of the account' });

@ObjectType({ description: 'A bank account the tenant registered through Open Banking' })
export class BankAccount {
  @Field(() => ID, { description: 'The fintech use number KFTC gave the account (not the account number)' }) id!: string;
  @Field(() => String) bankName!: string;
  @Field(() => String, { description: 'The account number as KFTC masks it, e.g. 110-123-******' }) maskedNumber!: string;
  @Field(() => String) alias!: string;
  @Field(() => String) holderName!: string;
}

@ObjectType({ description: 'A deposit or withdrawal on a bank account' })
export class BankTransaction {
  @Field(() => ID) id!: string;
  @Field(() => ID) accountId!: string;
  @Field(() => Date) at!: Date;
  @Field(() => Money) amount!: Money;
  @Field(() => BankDirection) direction!: BankDirection;
  @Field(() => String, { description: "What the bank printed: the depositor's name for a deposit" }) counterparty!: string;
  @Field(() => Money) balanceAfter!: Money;
  @Field(() => OrderFinance, { nullable: true, description: 'The bank-transfer order this deposit paid, once reconciled' })
  matchedOrder!: OrderFinance | null;
}

@ObjectType({ description: 'A deposit no order was matched to automatically: a near miss, an ambiguous one or a stranger' })
export class UnmatchedDeposit {
  @Field(() => ID) transactionId!: string;
  @Field(() => ID) accountId!: string;
  @Field(() => Date) at!: Date;
  @Field(() => Money) amount!: Money;
  @Field(() => String) depositor!: string;
  @Field(() => [OrderFinance], { description: 'Orders it matches exactly (two or more: ambiguous, an operator decides)' })
  candidates!: OrderFinance[];
}

@ObjectType({ description: 'A deposit matched to the order it paid' })
export class DepositMatch {
  @Field(() => ID) transactionId!: string;
  @Field(() => OrderFinance) matchedOrder!: OrderFinance;
}

const MAX_DAYS = 93;

@Resolver()
export class BankResolver {
  @Authorized('viewer')
  @Query(() => [BankAccount], { nullable: true, description: "The tenant's bank accounts registered through Open Banking (numbers masked)." })
  async bankAccounts(@Ctx() ctx: FinanceContext): Promise<BankAccount[]> {
    try {
      const accounts = await bank(ctx).accounts(ctx.identity.tenant);
      return accounts.map((a) => ({ id: a.fintech_use_num, bankName: a.bank_name, maskedNumber: a.account_num_masked, alias: a.account_alias, holderName: a.account_holder_name }));
    } catch (error) {
      throw providerFailure('OPENBANKING', error);
    }
  }

  @Authorized('viewer')
  @Query(() => [BankTransaction], { nullable: true, description: 'Deposits and withdrawals of one account between two Korean days (inclusive, at most 93 days), oldest first.' })
  async bankTransactions(
    @Arg('accountId', () => ID) accountId: string,
    @Arg('from', () => DateScalar) from: string,
    @Arg('to', () => DateScalar) to: string,
    @Ctx() ctx: FinanceContext,
  ): Promise<BankTransaction[]> {
    if (!/^[A-Za-z0-9]{1,24}$/.test(accountId)) throw badUserInput('"accountId" must be an id from bankAccounts', 'accountId');
    if (from > to) throw badUserInput('"from" must not be after "to"', 'from');
    if ((Date.parse(to) - Date.parse(from)) / 86_400_000 >= MAX_DAYS) throw badUserInput(`at most ${MAX_DAYS} days at a time`, 'to');
    let records;
    try {
      records = await bank(ctx).transactions(ctx.identity.tenant, accountId, from, to);
    } catch (error) {
      throw providerFailure('OPENBANKING', error);
    }
    await reconcile(ctx.reconcileDeps, ctx.identity.tenant, records);
    const matches = await matchesOf(ctx.db, ctx.identity.tenant, records.map((r) => r.id));
    return records.map((r) => ({
      id: r.id, accountId: r.accountId, at: r.at, direction: r.direction as BankDirection, counterparty: r.counterparty,
      amount: { amount: r.amount, currency: 'KRW' }, balanceAfter: { amount: r.balanceAfter, currency: 'KRW' },
      matchedOrder: matches.has(r.id) ? ({ id: matches.get(r.id) } as OrderFinance) : null,
    }));
  }

  @Authorized('viewer')
  @Query(() => [UnmatchedDeposit], { description: 'Deposits seen by bankTransactions that no order was matched to, oldest first (at most 500).' })
  async unmatchedDeposits(@Ctx() ctx: FinanceContext): Promise<UnmatchedDeposit[]> {
    const deposits = await unmatched(ctx.db, ctx.identity.tenant);
    return Promise.all(deposits.map(async (d) => ({
      transactionId: d.transactionId, accountId: d.accountId, at: d.at, amount: { amount: d.amount, currency: 'KRW' }, depositor: d.depositor,
      candidates: (await candidatesFor(ctx.db, d)).map((c) => ({ id: c.id }) as OrderFinance),
    })));
  }

  @Authorized('operator')
  @Mutation(() => DepositMatch, { description: "An operator's decision: this deposit paid that order (PENDING_PAYMENT), which becomes PAID. The same decision again changes nothing." })
  async matchDeposit(
    @Arg('transactionId', () => ID) transactionId: string,
    @Arg('orderId', () => ID) orderId: string,
    @Ctx() ctx: FinanceContext,
  ): Promise<DepositMatch> {
    await matchDeposit(ctx.reconcileDeps, ctx.identity.tenant, ctx.identity.sub, transactionId, orderId);
    return { transactionId, matchedOrder: { id: orderId } as OrderFinance };
  }
}

function bank(ctx: FinanceContext): BankService {
  if (!ctx.bank) throw new Error('Open Banking is not configured in this finance subgraph');
  return ctx.bank;
}
