import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { Brackets } from 'typeorm';
import { Marketplace } from '../../../platform/graphql/enums';
import { badUserInput } from '../../../platform/errors';
import { requireRole } from '../../../platform/identity';
import { OrderEntity } from '../entities/order';
import type { CommerceContext } from '../context';
import { providerFailure } from '../../shared/provider-errors';
import { Order, OrderConnection, OrderFilter, SyncResult } from './types';
import { toOrder } from './mapping';
import { checkPageSize, decodeCursor, encodeCursor } from './pagination';

@Resolver(() => Order)
export class OrderResolver {
  @Query(() => OrderConnection, { description: "The tenant's orders across every marketplace, newest first." })
  async orders(
    @Ctx() ctx: CommerceContext,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('filter', () => OrderFilter, { nullable: true }) filter: OrderFilter | null,
  ): Promise<OrderConnection> {
    requireRole(ctx.identity, 'viewer');
    checkPageSize(first);
    const query = ctx.db.getRepository(OrderEntity).createQueryBuilder('o').where('o.tenant_id = :tenant', { tenant: ctx.identity.tenant });
    if (filter?.marketplace) query.andWhere('o.marketplace = :marketplace', { marketplace: filter.marketplace });
    if (filter?.status) query.andWhere('o.status = :status', { status: filter.status });
    if (filter?.orderedAfter) query.andWhere('o.ordered_at >= :orderedAfter', { orderedAfter: filter.orderedAfter });
    if (filter?.orderedBefore) query.andWhere('o.ordered_at < :orderedBefore', { orderedBefore: filter.orderedBefore });
    if (filter?.updatedAfter) query.andWhere('o.updated_at > :updatedAfter', { updatedAfter: filter.updatedAfter });
    const totalCount = await query.clone().getCount();
    if (after) {
      const cursor = decodeCursor(after);
      query.andWhere(
        new Brackets((q) =>
          q.where('o.ordered_at < :at', { at: cursor.orderedAt }).orWhere('o.ordered_at = :at AND o.id < :id', { id: cursor.id }),
        ),
      );
    }
    const rows = await query.orderBy('o.ordered_at', 'DESC').addOrderBy('o.id', 'DESC').take(first + 1).getMany();
    const page = rows.slice(0, first);
    const edges = page.map((row) => ({ cursor: encodeCursor(row), node: toOrder(row) }));
    return {
      totalCount,
      edges,
      pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    };
  }

  @Query(() => Order, { nullable: true })
  async order(@Ctx() ctx: CommerceContext, @Arg('id', () => ID) id: string): Promise<Order | null> {
    requireRole(ctx.identity, 'viewer');
    const row = await ctx.loaders.order.load(id);
    return row ? toOrder(row) : null;
  }

  @Mutation(() => SyncResult, { description: 'Pulls new and changed orders from the marketplace, every page.' })
  async syncOrders(
    @Ctx() ctx: CommerceContext,
    @Arg('marketplace', () => Marketplace) marketplace: Marketplace,
  ): Promise<SyncResult> {
    requireRole(ctx.identity, 'operator');
    const sync = ctx.syncers[marketplace];
    if (!sync) throw badUserInput(`Syncing ${marketplace} is not available yet`, 'marketplace');
    try {
      return await sync(ctx.identity.tenant);
    } catch (error) {
      throw providerFailure(marketplace, error);
    }
  }
}
