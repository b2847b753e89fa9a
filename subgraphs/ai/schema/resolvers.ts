import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import type { AiContext } from '../context';
import { OrderForInsight, OrderInsight } from './types';

@Resolver(() => OrderForInsight)
export class OrderInsightResolver {
  @Directive('@requires(fields: "externalId status buyerName total { amount currency } items { name quantity }")')
  @FieldResolver(() => OrderInsight, { nullable: true, description: 'A short AI summary of the order and its sentiment.' })
  async insight(@Root() order: OrderForInsight, @Ctx() ctx: AiContext): Promise<OrderInsight | null> {
    return ctx.loaders.insight.load(order);
  }
}
