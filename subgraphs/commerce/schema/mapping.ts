import type { OrderEntity } from '../entities/order';
import type { Marketplace, OrderStatus } from '../../../platform/graphql/enums';
import type { Order } from './types';
import { toOrderClaim } from './claims';

/** What an order answer reads of a stored order: every column but tenant_id, marketplace_status and marketplace_data. */
export type OrderFields = Omit<OrderEntity, 'tenantId' | 'marketplaceStatus' | 'marketplaceData'>;

export function toOrder(row: OrderFields): Order {
  return {
    id: row.id,
    marketplace: row.marketplace as Marketplace,
    externalId: row.externalId,
    status: row.status as OrderStatus,
    orderedAt: row.orderedAt,
    updatedAt: row.updatedAt,
    buyerName: row.buyerName,
    total: { amount: row.totalAmount, currency: row.currency },
    items: row.items.map((item) => ({ ...item, unitPrice: { amount: item.unitPrice, currency: row.currency } })),
    claims: (row.claims ?? []).map(toOrderClaim),
    receiverAddressChanged: row.receiverAddressChanged ?? false,
    trackingRefs: row.trackingRefs.map((ref) => `${ref.carrier}:${ref.trackingNumber}`),
    marketplacePayment: row.payment ? JSON.stringify(row.payment) : null,
  };
}
