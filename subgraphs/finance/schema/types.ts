import { Directive, Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
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

@ObjectType({ description: "An order's electronic tax invoice (전자세금계산서), issued through Popbill" })
export class TaxInvoice {
  @Field(() => TaxInvoiceStatus, { description: 'DRAFT while being issued; ISSUED, SENT_TO_NTS, CONFIRMED (the NTS accepted it), FAILED (the NTS refused it) or CANCELLED' })
  status!: TaxInvoiceStatus;
  @Field(() => String, { nullable: true, description: '국세청 승인번호, once the NTS has confirmed the invoice' }) ntsConfirmNumber!: string | null;
  @Field(() => Money, { nullable: true, description: '공급가액: the order total without VAT' }) supplyAmount!: Money | null;
  @Field(() => Money, { nullable: true, description: '세액: 10% VAT' }) taxAmount!: Money | null;
  @Field(() => Money, { nullable: true, description: '합계금액: supply + tax, the order total' }) totalAmount!: Money | null;
  @Field(() => String, { nullable: true, description: "Popbill's 문서번호, derived from the order: the same for every attempt" }) mgtKey!: string | null;
  @Field(() => DateTime) issuedAt!: Date;
  @Field(() => OrderFinance) order!: OrderFinance;
}

@InputType({ description: 'The business buying: who the tax invoice is issued to' })
export class TaxInvoiceBuyerInput {
  @Field(() => String, { description: '사업자등록번호, 10 digits (hyphens allowed)' }) corpNum!: string;
  @Field(() => String, { description: '상호' }) corpName!: string;
  @Field(() => String, { nullable: true, description: '대표자 성명; the 상호 if absent' }) ceoName?: string | null;
  @Field(() => String, { nullable: true, description: 'Where Popbill sends the invoice' }) email?: string | null;
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
