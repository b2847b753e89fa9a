/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Carrier =
  | 'CJ'
  | 'DHL'
  | 'EMS'
  | 'EPOST'
  | 'FEDEX'
  | 'HANJIN'
  | 'LOGEN'
  | 'LOTTE'
  | 'UPS';

export type Marketplace =
  | 'CAFE24'
  | 'COUPANG'
  | 'ELEVENST'
  | 'NAVER';

export type OrderStatus =
  | 'CANCELLED'
  | 'CANCEL_REQUESTED'
  | 'DELIVERED'
  | 'EXCHANGED'
  | 'EXCHANGE_REQUESTED'
  | 'PAID'
  | 'PENDING_PAYMENT'
  | 'PREPARING'
  | 'PURCHASE_CONFIRMED'
  | 'RETURNED'
  | 'RETURN_REQUESTED'
  | 'SHIPPING';

export type ShipmentStatus =
  | 'DELIVERED'
  | 'EXCEPTION'
  | 'INFO_RECEIVED'
  | 'IN_TRANSIT'
  | 'OUT_FOR_DELIVERY'
  | 'PICKED_UP';

export type PartnerOrdersQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  status?: OrderStatus | null | undefined;
}>;


export type PartnerOrdersQuery = { orders: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, marketplace: Marketplace, externalId: string, status: OrderStatus, orderedAt: string, shipments: Array<{ carrier: Carrier, trackingNumber: string, status: ShipmentStatus }> | null } }> } };

export type PartnerOrderShipmentsQueryVariables = Exact<{
  id: string | number;
}>;


export type PartnerOrderShipmentsQuery = { order: { id: string, status: OrderStatus, shipments: Array<{ carrier: Carrier, trackingNumber: string, status: ShipmentStatus, lastEvent: { at: string, location: string | null, description: string } | null }> | null } | null };

export type PartnerOrderUpdatesSubscriptionVariables = Exact<{
  marketplace?: Marketplace | null | undefined;
}>;


export type PartnerOrderUpdatesSubscription = { orderStatusChanged: { previousStatus: OrderStatus | null, order: { id: string, status: OrderStatus, marketplace: Marketplace } } };

export type PartnerTrackShipmentQueryVariables = Exact<{
  carrier: Carrier;
  trackingNumber: string;
}>;


export type PartnerTrackShipmentQuery = { trackShipment: { carrier: Carrier, trackingNumber: string, status: ShipmentStatus, lastEvent: { at: string, location: string | null, description: string } | null, events: Array<{ at: string, location: string | null, description: string }> } | null };


export const PartnerOrdersDocument = {"__meta__":{"hash":"sha256:a91a29a03eda6e7ab5eb941c9bfcb8a684df06c8211d7abf501aa13cd9e0d2fa"}} as unknown as DocumentNode<PartnerOrdersQuery, PartnerOrdersQueryVariables>;
export const PartnerOrderShipmentsDocument = {"__meta__":{"hash":"sha256:8671d1d3221b67b96ea17e1a3d1d0d7468386c6365c4ae6895b41121d15f1d2c"}} as unknown as DocumentNode<PartnerOrderShipmentsQuery, PartnerOrderShipmentsQueryVariables>;
export const PartnerOrderUpdatesDocument = {"__meta__":{"hash":"sha256:9f92d7fa199bfaed29ce46c92638605f479dfcc19d2a8d13454664bc003d527e"}} as unknown as DocumentNode<PartnerOrderUpdatesSubscription, PartnerOrderUpdatesSubscriptionVariables>;
export const PartnerTrackShipmentDocument = {"__meta__":{"hash":"sha256:78ec8eb944ff4f531a7855464d3e55e4aa92b1a038b6abc82d97707cf9fae3d5"}} as unknown as DocumentNode<PartnerTrackShipmentQuery, PartnerTrackShipmentQueryVariables>;