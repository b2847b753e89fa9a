/* eslint-disable */
import * as types from './graphql';
import { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query PartnerOrders($first: Int = 20, $after: String, $status: OrderStatus) {\n  orders(first: $first, after: $after, filter: {status: $status}) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        marketplace\n        externalId\n        status\n        orderedAt\n        shipments {\n          carrier\n          trackingNumber\n          status\n        }\n      }\n    }\n  }\n}\n\nquery PartnerOrderShipments($id: ID!) {\n  order(id: $id) {\n    id\n    status\n    shipments {\n      carrier\n      trackingNumber\n      status\n      lastEvent {\n        at\n        location\n        description\n      }\n    }\n  }\n}\n\nsubscription PartnerOrderUpdates($marketplace: Marketplace) {\n  orderStatusChanged(marketplace: $marketplace) {\n    previousStatus\n    order {\n      id\n      status\n      marketplace\n    }\n  }\n}": typeof types.PartnerOrdersDocument,
    "query PartnerTrackShipment($carrier: Carrier!, $trackingNumber: String!) {\n  trackShipment(carrier: $carrier, trackingNumber: $trackingNumber) {\n    carrier\n    trackingNumber\n    status\n    lastEvent {\n      at\n      location\n      description\n    }\n    events {\n      at\n      location\n      description\n    }\n  }\n}": typeof types.PartnerTrackShipmentDocument,
};
const documents: Documents = {
    "query PartnerOrders($first: Int = 20, $after: String, $status: OrderStatus) {\n  orders(first: $first, after: $after, filter: {status: $status}) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        marketplace\n        externalId\n        status\n        orderedAt\n        shipments {\n          carrier\n          trackingNumber\n          status\n        }\n      }\n    }\n  }\n}\n\nquery PartnerOrderShipments($id: ID!) {\n  order(id: $id) {\n    id\n    status\n    shipments {\n      carrier\n      trackingNumber\n      status\n      lastEvent {\n        at\n        location\n        description\n      }\n    }\n  }\n}\n\nsubscription PartnerOrderUpdates($marketplace: Marketplace) {\n  orderStatusChanged(marketplace: $marketplace) {\n    previousStatus\n    order {\n      id\n      status\n      marketplace\n    }\n  }\n}": types.PartnerOrdersDocument,
    "query PartnerTrackShipment($carrier: Carrier!, $trackingNumber: String!) {\n  trackShipment(carrier: $carrier, trackingNumber: $trackingNumber) {\n    carrier\n    trackingNumber\n    status\n    lastEvent {\n      at\n      location\n      description\n    }\n    events {\n      at\n      location\n      description\n    }\n  }\n}": types.PartnerTrackShipmentDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PartnerOrders($first: Int = 20, $after: String, $status: OrderStatus) {\n  orders(first: $first, after: $after, filter: {status: $status}) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        marketplace\n        externalId\n        status\n        orderedAt\n        shipments {\n          carrier\n          trackingNumber\n          status\n        }\n      }\n    }\n  }\n}\n\nquery PartnerOrderShipments($id: ID!) {\n  order(id: $id) {\n    id\n    status\n    shipments {\n      carrier\n      trackingNumber\n      status\n      lastEvent {\n        at\n        location\n        description\n      }\n    }\n  }\n}\n\nsubscription PartnerOrderUpdates($marketplace: Marketplace) {\n  orderStatusChanged(marketplace: $marketplace) {\n    previousStatus\n    order {\n      id\n      status\n      marketplace\n    }\n  }\n}"): (typeof documents)["query PartnerOrders($first: Int = 20, $after: String, $status: OrderStatus) {\n  orders(first: $first, after: $after, filter: {status: $status}) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        marketplace\n        externalId\n        status\n        orderedAt\n        shipments {\n          carrier\n          trackingNumber\n          status\n        }\n      }\n    }\n  }\n}\n\nquery PartnerOrderShipments($id: ID!) {\n  order(id: $id) {\n    id\n    status\n    shipments {\n      carrier\n      trackingNumber\n      status\n      lastEvent {\n        at\n        location\n        description\n      }\n    }\n  }\n}\n\nsubscription PartnerOrderUpdates($marketplace: Marketplace) {\n  orderStatusChanged(marketplace: $marketplace) {\n    previousStatus\n    order {\n      id\n      status\n      marketplace\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PartnerTrackShipment($carrier: Carrier!, $trackingNumber: String!) {\n  trackShipment(carrier: $carrier, trackingNumber: $trackingNumber) {\n    carrier\n    trackingNumber\n    status\n    lastEvent {\n      at\n      location\n      description\n    }\n    events {\n      at\n      location\n      description\n    }\n  }\n}"): (typeof documents)["query PartnerTrackShipment($carrier: Carrier!, $trackingNumber: String!) {\n  trackShipment(carrier: $carrier, trackingNumber: $trackingNumber) {\n    carrier\n    trackingNumber\n    status\n    lastEvent {\n      at\n      location\n      description\n    }\n    events {\n      at\n      location\n      description\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;