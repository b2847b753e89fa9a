// Enums of CONTRACT.md shared by every subgraph (federation merges identical enum definitions).
import { registerEnumType } from 'type-graphql';

export enum Marketplace { NAVER = 'NAVER', CAFE24 = 'CAFE24', COUPANG = 'COUPANG', ELEVENST = 'ELEVENST' }
export enum Carrier {
  CJ = 'CJ', HANJIN = 'HANJIN', LOTTE = 'LOTTE', EPOST = 'EPOST', LOGEN = 'LOGEN',
  DHL = 'DHL', FEDEX = 'FEDEX', UPS = 'UPS', EMS = 'EMS',
}
export enum Provider {
  NAVER = 'NAVER', CAFE24 = 'CAFE24', COUPANG = 'COUPANG', ELEVENST = 'ELEVENST', SWEETTRACKER = 'SWEETTRACKER',
  AFTERSHIP = 'AFTERSHIP', PORTONE = 'PORTONE', TOSS = 'TOSS', POPBILL = 'POPBILL', OPENBANKING = 'OPENBANKING',
  OPENAI = 'OPENAI', ANTHROPIC = 'ANTHROPIC',
}
/** One status across every marketplace; commerce documents how each marketplace's codes map onto it. */
export enum OrderStatus {
  PENDING_PAYMENT = 'PENDING_PAYMENT', PAID = 'PAID', PREPARING = 'PREPARING', SHIPPING = 'SHIPPING',
  DELIVERED = 'DELIVERED', PURCHASE_CONFIRMED = 'PURCHASE_CONFIRMED', CANCELLED = 'CANCELLED',
  RETURNED = 'RETURNED', EXCHANGED = 'EXCHANGED',
}

registerEnumType(Marketplace, { name: 'Marketplace' });
registerEnumType(Carrier, { name: 'Carrier' });
registerEnumType(Provider, { name: 'Provider' });
registerEnumType(OrderStatus, { name: 'OrderStatus' });
