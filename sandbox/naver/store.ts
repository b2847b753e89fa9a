// Naver Commerce API, providers/naver/README.md (Token, Order detail, Rate limit): the sandbox's private Naver world —
// registered applications, issued tokens, throttle buckets and the product orders of one SmartStore.
import { moduleState } from '../module-state';
import type { SandboxState } from '../state';

export type NaverStatus = 'PAYED' | 'DELIVERING' | 'DELIVERED' | 'PURCHASE_DECIDED' | 'CANCELED' | 'RETURNED';

/** A buyer's claim on one product order (providers/naver/README.md, Claims): the latest one is `currentClaim`. */
export interface NaverClaim {
  claimId: string;
  type: 'CANCEL' | 'RETURN' | 'EXCHANGE';
  status: string;
  reason: string;
  detailedReason: string;
  requestDate: number;
  /** When it reached its end (done or withdrawn). */
  completedDate: number | null;
}

export interface NaverToken {
  accessToken: string;
  clientId: string;
  grantKey: string;
  expiresAt: number;
}

export interface NaverDelivery {
  deliveryCompany: string | null;
  deliveryMethod: string;
  trackingNumber: string | null;
  sendDate: number;
  pickupDate: number | null;
  deliveredDate: number | null;
}

export interface NaverProductOrder {
  productOrderId: string;
  orderId: string;
  orderDate: number;
  paymentDate: number;
  ordererId: string;
  ordererName: string;
  ordererTel: string;
  paymentMeans: string;
  payLocationType: 'MOBILE' | 'PC';
  productId: string;
  productName: string;
  productOption: string | null;
  quantity: number;
  unitPrice: number; // integer KRW
  totalPaymentAmount: number;
  expectedDeliveryCompany: string;
  receiver: { name: string; tel: string; baseAddress: string; detailedAddress: string; zipCode: string };
  status: NaverStatus;
  placeOrderStatus: 'NOT_YET' | 'OK';
  placeOrderDate: number | null;
  shippingDueDate: number;
  decisionDate: number | null;
  lastChangedType: string;
  lastChangedDate: number;
  delivery: NaverDelivery | null;
  /** What is left after claims: a done cancellation or return leaves 0. */
  remainQuantity: number;
  claim: NaverClaim | null;
  /** The buyer changed the shipping address after paying (DELIVERY_ADDRESS_CHANGED). */
  receiverAddressChanged: boolean;
}

export interface NaverWorld {
  /** client_id → client_secret (a bcrypt salt). */
  apps: Map<string, string>;
  tokens: Map<string, NaverToken>;
  /** The newest token per grant (client_id, type, account_id): what a re-request may hand back. */
  latestByGrant: Map<string, NaverToken>;
  buckets: Map<string, { tokens: number; at: number }>;
  productOrders: Map<string, NaverProductOrder>;
  /** Running number behind order and product-order ids, so ids grow with time as Naver's do. */
  nextNumber: number;
  traceSeq: number;
}

export function naverState(state: SandboxState): NaverWorld {
  return moduleState<NaverWorld>(state, 'naver', () => ({
    apps: new Map(),
    tokens: new Map(),
    latestByGrant: new Map(),
    buckets: new Map(),
    productOrders: new Map(),
    nextNumber: 10_000_000,
    traceSeq: 0,
  }));
}

/** The application's secret behind a client_id or a bearer token: what the call counters count. */
export function secretOfToken(state: SandboxState, accessToken: string): string | undefined {
  const token = naverState(state).tokens.get(accessToken);
  return token ? naverState(state).apps.get(token.clientId) : undefined;
}
