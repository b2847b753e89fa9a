import { Arg, Ctx, Directive, ID, Int, Mutation, Query, Resolver, Authorized } from 'type-graphql';
import { Carrier, Marketplace, OrderStatus } from '../../../platform/graphql/enums';
import { MARKETPLACE_ADAPTERS, type ActionResult } from '../marketplaces';
import { badUserInput, notFound } from '../../../platform/errors';
import { OrderEntity } from '../entities/order';
import { syncLockFor } from '../sync/lock';
import type { CommerceContext } from '../context';
import { providerFailure } from '../../shared/provider-errors';
import { publishOrderChange } from '../events';
import { Order, OrderActionResult, OrderConnection, OrderFilter, OrderSort, SyncResult } from './types';
import { ClaimAction } from './claims';
import { toOrder } from './mapping';
import { checkPageSize, decodeCursor } from './pagination';
import { readOrdersPage } from './orders-page';

/** Applies what the marketplace accepted; the next sync confirms it from the marketplace's own data. */
async function applyStatus(
  ctx: CommerceContext,
  row: OrderEntity,
  status: OrderStatus,
  cause: 'confirm' | 'dispatch' | 'claim',
  trackingRefs = row.trackingRefs,
): Promise<OrderEntity> {
  const [updated] = await ctx.db.query<Array<Array<{ updated_at: Date; receiver_address_changed: boolean }> | undefined>>(
    `UPDATE orders SET status = $3, tracking_refs = $4, updated_at = now() WHERE id = $1 AND tenant_id = $2
     RETURNING updated_at, receiver_address_changed`,
    [row.id, ctx.identity.tenant, status, JSON.stringify(trackingRefs)],
  );
  ctx.loaders.order.clear(row.id);
  // Written first, then published: the event never announces a change the database does not hold.
  await publishOrderChange(ctx.marketplaces.events, {
    tenantId: ctx.identity.tenant, orderId: row.id, marketplace: row.marketplace, status, previousStatus: row.status, cause,
  });
  const receiverAddressChanged = updated?.[0]?.receiver_address_changed ?? row.receiverAddressChanged;
  return { ...row, status, trackingRefs, receiverAddressChanged, updatedAt: updated?.[0]?.updated_at ?? new Date() };
}

/** The orders of `ids` grouped by marketplace; unknown ids already answered as failed. */
async function ordersByMarketplace(ctx: CommerceContext, ids: string[]) {
  if (ids.length === 0 || ids.length > 100) throw badUserInput(`"ids" must hold 1 to 100 order ids, but got ${ids.length}`, 'ids');
  const rows = await Promise.all(ids.map((id) => ctx.loaders.order.load(id)));
  const results = new Map<string, OrderActionResult>();
  const byMarketplace = new Map<string, OrderEntity[]>();
  rows.forEach((row, i) => {
    if (!row) results.set(ids[i], { orderId: ids[i], ok: false, reason: 'no such order', order: null });
    else byMarketplace.set(row.marketplace, [...(byMarketplace.get(row.marketplace) ?? []), row]);
  });
  return { results, byMarketplace };
}

@Resolver(() => Order)
export class OrderResolver {
  @Authorized('viewer')
  @Query(() => OrderConnection, { description: "The tenant's orders across every marketplace, newest first unless sorted otherwise." })
  async orders(
    @Ctx() ctx: CommerceContext,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('filter', () => OrderFilter, { nullable: true }) filter: OrderFilter | null,
    @Arg('sort', () => OrderSort, { defaultValue: OrderSort.ORDERED_AT_DESC }) sort: OrderSort,
  ): Promise<OrderConnection> {
    checkPageSize(first);
    const direction = sort === OrderSort.ORDERED_AT_ASC ? 'ASC' : 'DESC';
    const cursor = after ? decodeCursor(after, direction) : null;
    return readOrdersPage(ctx.db, { tenant: ctx.identity.tenant, first, after: cursor, filter, direction });
  }

  @Authorized('viewer')
  @Query(() => Order, { nullable: true })
  async order(@Ctx() ctx: CommerceContext, @Arg('id', () => ID) id: string): Promise<Order | null> {
    const row = await ctx.loaders.order.load(id);
    return row ? toOrder(row) : null;
  }

  @Authorized('operator')
  @Mutation(() => SyncResult, { description: 'Pulls new and changed orders from the marketplace, every page.' })
  @Directive('@rateLimit(window: "1m", max: 10)')
  async syncOrders(
    @Ctx() ctx: CommerceContext,
    @Arg('marketplace', () => Marketplace) marketplace: Marketplace,
  ): Promise<SyncResult> {
    const adapter = MARKETPLACE_ADAPTERS[marketplace];
    if (!adapter) throw badUserInput(`Syncing ${marketplace} is not available yet`, 'marketplace');
    try {
      // A sync of this pair already running (scheduler, another request, another replica) is waited for; then
      // this one runs from the mark it left, so its counts say what was new since (sync/lock.ts).
      return await syncLockFor(ctx.db).run(ctx.identity.tenant, marketplace, () => adapter.sync(ctx.marketplaces, ctx.identity.tenant));
    } catch (error) {
      throw providerFailure(marketplace, error);
    }
  }

  @Authorized('operator')
  @Mutation(() => [OrderActionResult], { description: "Acknowledges new orders at their marketplace (발주확인), then updates them." })
  async confirmOrders(
    @Ctx() ctx: CommerceContext,
    @Arg('ids', () => [ID]) ids: string[],
  ): Promise<OrderActionResult[]> {
    const { results, byMarketplace } = await ordersByMarketplace(ctx, ids);
    for (const [marketplace, orders] of byMarketplace) {
      const adapter = MARKETPLACE_ADAPTERS[marketplace as Marketplace];
      if (!adapter?.confirm) {
        for (const row of orders) results.set(row.id, { orderId: row.id, ok: false, reason: `${marketplace} has no order acknowledgement`, order: toOrder(row) });
        continue;
      }
      let outcomes: Map<string, ActionResult>;
      try {
        outcomes = await adapter.confirm(ctx.marketplaces, ctx.identity.tenant, orders);
      } catch (error) {
        throw providerFailure(marketplace, error);
      }
      for (const row of orders) {
        const outcome = outcomes.get(row.id) ?? { ok: false as const, reason: 'the marketplace gave no answer for this order' };
        const updated = outcome.ok ? await applyStatus(ctx, row, outcome.status, 'confirm') : row;
        results.set(row.id, { orderId: row.id, ok: outcome.ok, reason: outcome.ok ? null : outcome.reason, order: toOrder(updated) });
      }
    }
    return ids.map((id) => results.get(id)!);
  }

  @Authorized('operator')
  @Mutation(() => [OrderActionResult], {
    description: "Answers the open claims of orders at their marketplace (approve or reject a cancellation, approve or reject a return), one result per order; each marketplace allows its own actions.",
  })
  async claimAction(
    @Ctx() ctx: CommerceContext,
    @Arg('action', () => ClaimAction) action: ClaimAction,
    @Arg('ids', () => [ID]) ids: string[],
    @Arg('reason', () => String, { nullable: true, description: 'Required to reject: the marketplace shows it to the buyer' }) reason: string | null,
  ): Promise<OrderActionResult[]> {
    const why = reason?.trim() || null;
    if (action.startsWith('REJECT_') && !why) throw badUserInput(`"reason" is required to ${action}, but got ${JSON.stringify(reason)}`, 'reason');
    if (why && why.length > 500) throw badUserInput(`"reason" must be at most 500 characters, but got ${why.length}`, 'reason');
    const { results, byMarketplace } = await ordersByMarketplace(ctx, ids);
    for (const [marketplace, orders] of byMarketplace) {
      const claims = MARKETPLACE_ADAPTERS[marketplace as Marketplace]?.claims;
      if (!claims?.actions.includes(action)) {
        for (const row of orders) results.set(row.id, { orderId: row.id, ok: false, reason: `${marketplace} does not allow ${action}`, order: toOrder(row) });
        continue;
      }
      let outcomes: Map<string, ActionResult>;
      try {
        outcomes = await claims.act(ctx.marketplaces, ctx.identity.tenant, orders, action, why);
      } catch (error) {
        throw providerFailure(marketplace, error);
      }
      for (const row of orders) {
        const outcome = outcomes.get(row.id) ?? { ok: false as const, reason: 'the marketplace gave no answer for this order' };
        // The adapter may have stored the marketplace's new data already; the status is applied only if not.
        ctx.loaders.order.clear(row.id);
        const fresh = (await ctx.loaders.order.load(row.id)) ?? row;
        const updated = outcome.ok && fresh.status !== (outcome.status as string) ? await applyStatus(ctx, fresh, outcome.status, 'claim') : fresh;
        results.set(row.id, { orderId: row.id, ok: outcome.ok, reason: outcome.ok ? null : outcome.reason, order: toOrder(updated) });
      }
    }
    return ids.map((id) => results.get(id)!);
  }

  @Authorized('operator')
  @Mutation(() => Order, { description: 'Registers the invoice number at the marketplace, then marks the order shipped.' })
  async dispatchOrder(
    @Ctx() ctx: CommerceContext,
    @Arg('id', () => ID) id: string,
    @Arg('carrier', () => Carrier) carrier: Carrier,
    @Arg('trackingNumber', () => String) trackingNumber: string,
  ): Promise<Order> {
    const cleaned = trackingNumber.replace(/[\s-]/g, '');
    if (!/^[0-9A-Za-z]{6,30}$/.test(cleaned)) {
      throw badUserInput(`"trackingNumber" must be 6 to 30 letters or digits, but got "${trackingNumber.slice(0, 40)}"`, 'trackingNumber');
    }
    const row = await ctx.loaders.order.load(id);
    if (!row) throw notFound('Order', id);
    const adapter = MARKETPLACE_ADAPTERS[row.marketplace as Marketplace];
    if (!adapter?.dispatch) throw badUserInput(`Dispatching ${row.marketplace} orders is not available yet`, 'id');
    let outcome: ActionResult;
    try {
      outcome = await adapter.dispatch(ctx.marketplaces, ctx.identity.tenant, row, carrier, cleaned);
    } catch (error) {
      throw providerFailure(row.marketplace, error);
    }
    if (!outcome.ok) throw badUserInput(`${row.marketplace} refused the dispatch: ${outcome.reason}`, 'id');
    const refs = row.trackingRefs.some((ref) => ref.carrier === (carrier as string) && ref.trackingNumber === cleaned)
      ? row.trackingRefs
      : [...row.trackingRefs, { carrier, trackingNumber: cleaned }];
    return toOrder(await applyStatus(ctx, row, outcome.status, 'dispatch', refs));
  }
}
