// Enums of the public contract (docs/contract.md "Enums") shared by every subgraph (federation merges identical
// enum definitions). `Provider` and `Marketplace` are derived from providers/registry.ts, one value per descriptor.
import { registerEnumType } from 'type-graphql';
import {
  MARKETPLACE_NAMES, PROVIDER_NAMES, type Marketplace as MarketplaceName, type Provider as ProviderName,
} from '../../providers/registry';

/** A string enum as a plain object (`Provider.X === 'X'`), which type-graphql registers like a TS enum. */
function enumOf<N extends string>(names: readonly N[]): { readonly [K in N]: K } {
  return Object.fromEntries(names.map((name) => [name, name])) as { readonly [K in N]: K };
}

export const Marketplace = enumOf(MARKETPLACE_NAMES);
export type Marketplace = MarketplaceName;
export enum Carrier {
  CJ = 'CJ', HANJIN = 'HANJIN', LOTTE = 'LOTTE', EPOST = 'EPOST', LOGEN = 'LOGEN',
  DHL = 'DHL', FEDEX = 'FEDEX', UPS = 'UPS', EMS = 'EMS',
}
export const Provider = enumOf(PROVIDER_NAMES);
export type Provider = ProviderName;
/**
 * One status across every marketplace; commerce documents how each marketplace's codes map onto it. The three
 * *_REQUESTED values are an order with an open claim (Order.claims): the seller has to answer it.
 */
export enum OrderStatus {
  PENDING_PAYMENT = 'PENDING_PAYMENT', PAID = 'PAID', PREPARING = 'PREPARING', SHIPPING = 'SHIPPING',
  DELIVERED = 'DELIVERED', PURCHASE_CONFIRMED = 'PURCHASE_CONFIRMED', CANCELLED = 'CANCELLED',
  RETURNED = 'RETURNED', EXCHANGED = 'EXCHANGED',
  CANCEL_REQUESTED = 'CANCEL_REQUESTED', RETURN_REQUESTED = 'RETURN_REQUESTED', EXCHANGE_REQUESTED = 'EXCHANGE_REQUESTED',
}

registerEnumType(Marketplace, { name: 'Marketplace' });
registerEnumType(Carrier, { name: 'Carrier' });
registerEnumType(Provider, { name: 'Provider' });
registerEnumType(OrderStatus, { name: 'OrderStatus' });
