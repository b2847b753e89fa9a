import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { OrderStatus } from '../../../platform/graphql/enums';
import { Money, OrderItem } from '../../../platform/graphql/types';

export enum Sentiment { POSITIVE = 'POSITIVE', NEUTRAL = 'NEUTRAL', NEGATIVE = 'NEGATIVE' }
registerEnumType(Sentiment, { name: 'Sentiment' });

@ObjectType({ description: "A model's reading of one order, for the operator's triage." })
export class OrderInsight {
  @Field(() => String) summary!: string;
  @Field(() => Sentiment) sentiment!: Sentiment;
}

@Directive('@key(fields: "id")')
@ObjectType('Order')
export class OrderForInsight {
  @Field(() => ID) id!: string;
  @Directive('@external') @Field(() => String) externalId!: string;
  @Directive('@external') @Field(() => OrderStatus) status!: OrderStatus;
  @Directive('@external') @Field(() => String) buyerName!: string;
  @Directive('@external') @Field(() => Money) total!: Money;
  @Directive('@external') @Field(() => [OrderItem]) items!: OrderItem[];
}
