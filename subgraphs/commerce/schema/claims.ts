// Claims: a buyer's cancellation, return or exchange of (part of) an order, in one model for every marketplace.
// Each marketplace's sync maps its own claim codes onto these (sync/<name>-mapping.ts); the seller's answers
// are marketplace actions (marketplaces/types.ts `claims`), exposed as the `claimAction` mutation.
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { DateTime } from '../../../platform/graphql/scalars';

export enum ClaimType { CANCEL = 'CANCEL', RETURN = 'RETURN', EXCHANGE = 'EXCHANGE' }
registerEnumType(ClaimType, { name: 'ClaimType', description: "What the buyer asked for: a cancellation (before shipping), a return or an exchange" });

/**
 * Where a claim stands. REQUESTED waits for the seller (or, for returns, for the collection); COLLECTING and
 * COLLECTED follow the goods coming back; IN_PROGRESS is approved and being carried out (refund, re-shipping);
 * COMPLETED and REJECTED (refused by the seller or withdrawn by the buyer) are final.
 */
export enum ClaimStatus {
  REQUESTED = 'REQUESTED', COLLECTING = 'COLLECTING', COLLECTED = 'COLLECTED', IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED', REJECTED = 'REJECTED',
}
registerEnumType(ClaimStatus, { name: 'ClaimStatus', description: 'Where a claim stands, the same for every marketplace' });

/** The seller's answers to claims; each marketplace adapter lists the ones its marketplace allows. */
export enum ClaimAction {
  APPROVE_CANCELLATION = 'APPROVE_CANCELLATION',
  REJECT_CANCELLATION = 'REJECT_CANCELLATION',
  APPROVE_RETURN = 'APPROVE_RETURN',
  REJECT_RETURN = 'REJECT_RETURN',
}
registerEnumType(ClaimAction, {
  name: 'ClaimAction',
  description: "The seller's answer to a claim; the REJECT_ ones need a reason, which the marketplace shows the buyer",
});

/** Claims whose status still waits on someone: they set the order's *_REQUESTED status. */
export const OPEN_CLAIM_STATUSES: ReadonlySet<ClaimStatus> = new Set([
  ClaimStatus.REQUESTED, ClaimStatus.COLLECTING, ClaimStatus.COLLECTED, ClaimStatus.IN_PROGRESS,
]);

/** A claim as commerce stores it (orders.claims, jsonb): what `OrderClaim` shows, dates as ISO strings. */
export interface StoredClaim {
  type: ClaimType;
  status: ClaimStatus;
  /** The marketplace's own claim status code (Naver's CANCEL_REQUEST, COLLECT_DONE, …). */
  marketplaceStatus: string;
  reason: string | null;
  requestedAt: string;
  /** The marketplace's id of the line the claim is on (Naver's product order id). */
  externalLineId: string;
}

@ObjectType({ description: "A buyer's cancellation, return or exchange of (part of) the order" })
export class OrderClaim {
  @Field(() => ClaimType) type!: ClaimType;
  @Field(() => ClaimStatus) status!: ClaimStatus;
  @Field(() => String, { description: "The marketplace's own claim status code" }) marketplaceStatus!: string;
  @Field(() => String, { nullable: true, description: "The buyer's reason as the marketplace gives it (its code, then the buyer's words)" })
  reason!: string | null;
  @Field(() => DateTime) requestedAt!: Date;
  @Field(() => String, { description: "The marketplace's id of the order line claimed (Naver's product order id)" }) externalLineId!: string;
}

export function toOrderClaim(claim: StoredClaim): OrderClaim {
  return { ...claim, requestedAt: new Date(claim.requestedAt) };
}
