// Value types that several subgraphs return; federation requires them @shareable.
import { Directive, Field, Int, ObjectType } from 'type-graphql';

@Directive('@shareable')
@ObjectType({ description: 'An amount of money; KRW amounts are whole won.' })
export class Money {
  @Field(() => Number) amount!: number;
  @Field(() => String) currency!: string;
}

@Directive('@shareable')
@ObjectType()
export class OrderItem {
  @Field(() => String) sku!: string;
  @Field(() => String) name!: string;
  @Field(() => Int) quantity!: number;
  @Field(() => Money) unitPrice!: Money;
}

@Directive('@shareable')
@ObjectType()
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}
