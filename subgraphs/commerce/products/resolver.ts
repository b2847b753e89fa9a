// `products`: the catalog of the marketplaces that expose one, read live through each adapter's `products`.
// Without a marketplace the catalogs follow one another; the cursor names the marketplace it is in.
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root, Authorized } from 'type-graphql';
import { badUserInput } from '../../../platform/errors';
import { Marketplace } from '../../../platform/graphql/enums';
import { providerFailure } from '../../shared/provider-errors';
import type { CommerceContext } from '../context';
import { MARKETPLACE_ADAPTERS, type MarketplaceAdapter } from '../marketplaces';
import type { ProductPage, ProductPageRequest } from '../marketplaces/types';
import { checkPageSize } from '../schema/pagination';
import { decodeProductCursor, encodeProductCursor } from './cursor';
import { ProductConnection, type ProductEdge } from './types';

type CatalogAdapter = MarketplaceAdapter & Required<Pick<MarketplaceAdapter, 'products'>>;

const CATALOGS = Object.values(MARKETPLACE_ADAPTERS).filter((a): a is CatalogAdapter => typeof a?.products === 'function');

function catalogsFor(marketplace: Marketplace | null): CatalogAdapter[] {
  if (!marketplace) return CATALOGS;
  const adapter = CATALOGS.find((a) => a.marketplace === marketplace);
  if (!adapter) {
    const served = CATALOGS.map((a) => a.marketplace).join(', ');
    throw badUserInput(`${marketplace} does not expose its products here; products are served for ${served}`, 'marketplace');
  }
  return [adapter];
}

/** A marketplace's failure as this field's error (NO_PROVIDER_KEY and the like pass through unchanged). */
async function fromMarketplace<T>(marketplace: Marketplace, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw providerFailure(marketplace, error);
  }
}

function pageOf(ctx: CommerceContext, adapter: CatalogAdapter, request: ProductPageRequest): Promise<ProductPage> {
  return fromMarketplace(adapter.marketplace, () => adapter.products(ctx.marketplaces, ctx.identity.tenant, request));
}

/** `first: 0` lists nothing (no marketplace call): it only hands over the page's `count`. */
const countOnly = (ctx: CommerceContext, adapter: CatalogAdapter) => adapter.products(ctx.marketplaces, ctx.identity.tenant, { first: 0, after: null });

@Resolver(() => ProductConnection)
export class ProductResolver {
  @Authorized('viewer')
  @Query(() => ProductConnection, { description: 'Products of the marketplaces that expose them, live from the marketplace, in its own order.' })
  async products(
    @Ctx() ctx: CommerceContext,
    @Arg('marketplace', () => Marketplace, { nullable: true }) marketplace: Marketplace | null,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<ProductConnection> {
    checkPageSize(first);
    const catalogs = catalogsFor(marketplace);
    const cursor = after ? decodeProductCursor(after, catalogs.map((a) => a.marketplace)) : null;
    const start = cursor ? catalogs.findIndex((a) => a.marketplace === cursor.marketplace) : 0;
    const edges: ProductEdge[] = [];
    let hasNextPage = false;
    for (let i = start; i < catalogs.length && edges.length < first; i++) {
      const adapter = catalogs[i];
      const page = await pageOf(ctx, adapter, { first: first - edges.length, after: i === start ? (cursor?.position ?? null) : null });
      edges.push(...page.items.map(({ position, product }) => ({ cursor: encodeProductCursor({ marketplace: adapter.marketplace, position }), node: product })));
      // A later catalog may hold more; only its own call could tell, so a full page says "maybe".
      hasNextPage = page.hasNextPage || i < catalogs.length - 1;
    }
    const connection = new ProductConnection();
    connection.edges = edges;
    connection.pageInfo = { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null };
    connection.countTotal = async () => {
      const counts = await Promise.all(
        catalogs.map((adapter) => fromMarketplace(adapter.marketplace, async () => (await countOnly(ctx, adapter)).count())),
      );
      return counts.reduce((sum, n) => sum + n, 0);
    };
    return connection;
  }

  @FieldResolver(() => Int)
  totalCount(@Root() connection: ProductConnection): Promise<number> {
    return connection.countTotal();
  }
}
