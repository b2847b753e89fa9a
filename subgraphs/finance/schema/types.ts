import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DateTime } from '../../../platform/graphql/scalars';
import { Marketplace, Provider } from '../../../platform/graphql/enums';
import { Money } from '../../../platform/graphql/types';

export enum PaymentStatus {
  READY = 'READY', IN_PROGRESS = 'IN_PROGRESS', WAITING_FOR_DEPOSIT = 'WAITING_FOR_DEPOSIT', PAID = 'PAID',
  CANCELLED = 'CANCELLED', PARTIALLY_CANCELLED = 'PARTIALLY_CANCELLED', ABORTED = 'ABORTED', EXPIRED = 'EXPIRED',
}
registerEnumType(PaymentStatus, { name: 'PaymentStatus' });

export enum TaxInvoiceStatus { DRAFT = 'DRAFT', ISSUED = 'ISSUED', SENT_TO_NTS = 'SENT_TO_NTS', CONFIRMED = 'CONFIRMED', FAILED = 'FAILED', CANCELLED = 'CANCELLED' }
registerEnumType(TaxInvoiceStatus, { name: 'TaxInvoiceStatus' });

@ObjectType()
export class Payment {
  @Field(() => Provider, { description: 'Who took the payment: the PG for own-mall orders, else the marketplace' }) provider!: Provider;
  @Field(() => PaymentStatus) status!: PaymentStatus;
  @Field(() => Money) amount!: Money;
  @Field(() => DateTime, { nullable: true }) paidAt!: Date | null;
  @Field(() => String, { nullable: true }) method!: string | null;
}

@Directive('@key(fields: "id")')
@ObjectType('Order')
export class OrderFinance {
  @Field(() => ID) id!: string;
  @Directive('@external') @Field(() => Marketplace) marketplace!: Marketplace;
  @Directive('@external') @Field(() => String) externalId!: string;
  @Directive('@external') @Field(() => String, { nullable: true }) marketplacePayment!: string | null;
}

@ObjectType()
export class TaxInvoice {
  @Field(() => TaxInvoiceStatus) status!: TaxInvoiceStatus;
  @Field(() => String, { nullable: true, description: '국세청 승인번호, once the NTS has confirmed the invoice' }) ntsConfirmNumber!: string | null;
  @Field(() => DateTime) issuedAt!: Date;
  @Field(() => OrderFinance) order!: OrderFinance;
}

@ObjectType({ description: 'One cancel of an own-mall payment (cancelPayment): how much, why, who asked and when; kept for the record.' })
export class PaymentCancellation {
  @Field(() => ID) id!: string;
  @Field(() => OrderFinance) order!: OrderFinance;
  @Field(() => Provider, { description: 'The PG that refunded it: TOSS or PORTONE' }) provider!: Provider;
  @Field(() => Money) amount!: Money;
  @Field(() => String) reason!: string;
  @Field(() => String, { description: 'The user (token subject) who cancelled' }) actor!: string;
  @Field(() => DateTime) cancelledAt!: Date;
  @Field(() => Payment, { nullable: true, description: 'The payment as the PG has it after this cancel' }) payment!: Payment | null;
}
