// `products`: the catalog of the marketplaces that expose one, read live through each adapter's `products`.
// Without a marketplace the catalogs follow one another; the cursor names the marketplace it is in.
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Authorized } from 'type-graphql';
import { GraphQLError } from 'graphql';
import { ProviderError } from '../../../providers/errors';
import { badUserInput } from '../../../platform/errors';
import { Marketplace } from '../../../platform/graphql/enums';
import { providerFailure } from '../../shared/provider-errors';
import type { CommerceContext } from '../context';
import { MARKETPLACE_ADAPTERS, type MarketplaceAdapter } from '../marketplaces';
import type { ProductPage, ProductPageRequest } from '../marketplaces/types';
import { checkPageSize } from '../schema/pagination';
import { decodeProductCursor, encodeProductCursor } from './cursor';
import { Product, ProductConnection, type ProductEdge } from './types';

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

/** `<MARKETPLACE>:<its product id>`, as Product.id reads. */
function parseProductId(id: string): { marketplace: Marketplace; externalId: string } {
  const cut = id.indexOf(':');
  const marketplace = id.slice(0, cut) as Marketplace;
  const externalId = id.slice(cut + 1);
  if (cut < 0 || !(Object.values(Marketplace) as string[]).includes(marketplace) || !/^[\w-]{1,64}$/.test(externalId)) {
    throw badUserInput(`"productId" must be a Product.id this API returned (<MARKETPLACE>:<id>), but got "${id.slice(0, 80)}"`, 'productId');
  }
  return { marketplace, externalId };
}

/** The marketplace refusing the change (no such product, a quantity it will not take) is the caller's to fix. */
async function stockChange<T>(marketplace: Marketplace, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ProviderError && (error.kind === 'bad_request' || error.kind === 'not_found')) {
      throw badUserInput(`${marketplace} refused the stock change: ${error.message}`, 'productId');
    }
    throw providerFailure(marketplace, error);
  }
}

const MAX_STOCK = 1_000_000;

// By its code, not its class: the keyring's errors may come from another copy of graphql-js.
const isNoKey = (error: unknown) => (error as { extensions?: { code?: unknown } } | null)?.extensions?.code === 'NO_PROVIDER_KEY';

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
    let keyless: GraphQLError | null = null;
    let served = 0;
    let lastHasNext = false;
    for (let i = start; i < catalogs.length && edges.length < first; i++) {
      const adapter = catalogs[i];
      let page: ProductPage;
      try {
        page = await pageOf(ctx, adapter, { first: first - edges.length, after: i === start ? (cursor?.position ?? null) : null });
      } catch (error) {
        // Listing every catalog, a marketplace the tenant has no key for is one it does not sell on: skipped.
        if (marketplace || !isNoKey(error)) throw error;
        keyless ??= error as GraphQLError;
        // Skipping the last catalog, the last one read decides whether more follow.
        if (i === catalogs.length - 1) hasNextPage = lastHasNext;
        continue;
      }
      served += 1;
      lastHasNext = page.hasNextPage;
      edges.push(...page.items.map(({ position, product }) => ({ cursor: encodeProductCursor({ marketplace: adapter.marketplace, position }), node: product })));
      // A later catalog may hold more; only its own call could tell, so a full page says "maybe".
      hasNextPage = page.hasNextPage || i < catalogs.length - 1;
    }
    if (served === 0 && keyless) throw keyless;
    const connection = new ProductConnection();
    connection.edges = edges;
    connection.pageInfo = { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null };
    connection.countTotal = async () => {
      const counts = await Promise.all(
        catalogs.map((adapter) =>
          fromMarketplace(adapter.marketplace, async () => (await countOnly(ctx, adapter)).count()).catch((error: unknown) => {
            if (!marketplace && catalogs.length > 1 && isNoKey(error)) return 0;
            throw error;
          }),
        ),
      );
      return counts.reduce((sum, n) => sum + n, 0);
    };
    return connection;
  }

  @Authorized('operator')
  @Mutation(() => Product, { description: 'Sets the units in stock of a product at its marketplace, then reads the product back.' })
  async updateStock(
    @Ctx() ctx: CommerceContext,
    @Arg('productId', () => ID) productId: string,
    @Arg('quantity', () => Int) quantity: number,
  ): Promise<Product> {
    if (!Number.isInteger(quantity) || quantity < 0 || quantity > MAX_STOCK) {
      throw badUserInput(`"quantity" must be a whole number of units from 0 to ${MAX_STOCK}, but got ${quantity}`, 'quantity');
    }
    const { marketplace, externalId } = parseProductId(productId);
    const adapter: MarketplaceAdapter = MARKETPLACE_ADAPTERS[marketplace];
    if (!adapter.updateStock) {
      const served = Object.values(MARKETPLACE_ADAPTERS).filter((a: MarketplaceAdapter) => a.updateStock !== undefined).map((a) => a.marketplace).join(', ');
      throw badUserInput(`${marketplace} stock cannot be set here; updateStock is served for ${served}`, 'productId');
    }
    const update = adapter.updateStock.bind(adapter);
    return stockChange(marketplace, () => update(ctx.marketplaces, ctx.identity.tenant, externalId, quantity));
  }

  @FieldResolver(() => Int)
  totalCount(@Root() connection: ProductConnection): Promise<number> {
    return connection.countTotal();
  }
}
