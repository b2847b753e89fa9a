// The Product model: one shape for every marketplace's catalog, read live from the marketplace (not stored).
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTime } from '../../../platform/graphql/scalars';
import { Marketplace } from '../../../platform/graphql/enums';
import { Money, PageInfo } from '../../../platform/graphql/types';

@ObjectType({ description: "A product of a marketplace's catalog, as the marketplace lists it now." })
export class Product {
  @Field(() => ID, { description: 'Opaque; `<marketplace>:<its product id>`' }) id!: string;
  @Field(() => Marketplace) marketplace!: Marketplace;
  @Field(() => String, { description: "The marketplace's own product id" }) externalId!: string;
  @Field(() => String, { description: 'The seller code order items carry as their sku' }) sku!: string;
  @Field(() => String) name!: string;
  @Field(() => Money, { description: 'The selling price' }) price!: Money;
  @Field(() => Money, { nullable: true, description: 'The list price shown struck through, when the seller set one' }) retailPrice!: Money | null;
  @Field(() => Boolean) selling!: boolean;
  @Field(() => Boolean) soldOut!: boolean;
  @Field(() => Int, { nullable: true, description: 'Units in stock over every variant; null when the marketplace tracks no stock for it' })
  stock!: number | null;
  @Field(() => DateTime) updatedAt!: Date;
}

@ObjectType()
export class ProductEdge {
  @Field(() => String) cursor!: string;
  @Field(() => Product) node!: Product;
}

@ObjectType()
export class ProductConnection {
  @Field(() => Int, { description: 'Every product of the listed marketplaces; asks the marketplace only when selected' })
  totalCount!: number;
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => [ProductEdge]) edges!: ProductEdge[];
  /** Counting is a marketplace call of its own, made only when a client selects totalCount. */
  countTotal!: () => Promise<number>;
}
