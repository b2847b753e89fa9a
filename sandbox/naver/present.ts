// Naver Commerce API, providers/naver/README.md (Changed orders, Order detail): product orders as the commerce API
// prints them — KST instants with milliseconds, integer KRW, `order` / `productOrder` / `delivery` parts.
import type { NaverClaim, NaverProductOrder } from './store';
import { naverTime } from './wire';

const time = (ms: number | null) => (ms === null ? null : naverTime(ms));

export function presentLastChange(po: NaverProductOrder) {
  return {
    orderId: po.orderId,
    productOrderId: po.productOrderId,
    lastChangedType: po.lastChangedType,
    paymentDate: time(po.paymentDate),
    lastChangedDate: time(po.lastChangedDate),
    productOrderStatus: po.status,
    claimType: po.claim?.type ?? null,
    claimStatus: po.claim?.status ?? null,
    receiverAddressChanged: po.receiverAddressChanged,
    giftReceivingStatus: null,
  };
}

/** Order-level amounts cover every product order of the order; points pay the whole of a point payment. */
function presentOrder(po: NaverProductOrder, siblings: NaverProductOrder[]) {
  const total = siblings.reduce((sum, s) => sum + s.totalPaymentAmount, 0);
  const byPoints = po.paymentMeans === '네이버페이 포인트';
  return {
    orderId: po.orderId,
    orderDate: time(po.orderDate),
    ordererId: po.ordererId,
    ordererName: po.ordererName,
    ordererTel: po.ordererTel,
    ordererNo: po.ordererId.replace(/\D/g, ''),
    paymentDate: time(po.paymentDate),
    paymentMeans: po.paymentMeans,
    payLocationType: po.payLocationType,
    generalPaymentAmount: byPoints ? 0 : total,
    naverMileagePaymentAmount: byPoints ? total : 0,
    chargeAmountPaymentAmount: 0,
    orderDiscountAmount: 0,
  };
}

function presentProductOrder(po: NaverProductOrder) {
  return {
    productOrderId: po.productOrderId,
    productOrderStatus: po.status,
    placeOrderStatus: po.placeOrderStatus,
    placeOrderDate: time(po.placeOrderDate),
    productId: po.productId,
    originalProductId: po.productId,
    productName: po.productName,
    productOption: po.productOption,
    optionCode: po.productOption ? `${po.productId}01` : null,
    // quantity and the total* amounts stay as ordered; the remain* ones are what claims left.
    quantity: po.quantity,
    initialQuantity: po.quantity,
    remainQuantity: po.remainQuantity,
    unitPrice: po.unitPrice,
    totalPaymentAmount: po.totalPaymentAmount,
    initialPaymentAmount: po.totalPaymentAmount,
    remainPaymentAmount: po.unitPrice * po.remainQuantity,
    totalProductAmount: po.unitPrice * po.quantity,
    initialProductAmount: po.unitPrice * po.quantity,
    remainProductAmount: po.unitPrice * po.remainQuantity,
    // Naver keeps its commission (about 5.5% here) out of what it settles.
    expectedSettlementAmount: Math.round(po.totalPaymentAmount * 0.945),
    deliveryFeeAmount: 0,
    shippingAddress: {
      addressType: 'DOMESTIC', name: po.receiver.name, tel1: po.receiver.tel,
      baseAddress: po.receiver.baseAddress, detailedAddress: po.receiver.detailedAddress, zipCode: po.receiver.zipCode,
    },
    shippingDueDate: time(po.shippingDueDate),
    expectedDeliveryCompany: po.expectedDeliveryCompany,
    decisionDate: time(po.decisionDate),
    claimType: po.claim?.type ?? null,
    claimStatus: po.claim?.status ?? null,
    claimId: po.claim?.claimId ?? null,
  };
}

function presentDelivery(po: NaverProductOrder) {
  const d = po.delivery!;
  return {
    deliveryCompany: d.deliveryCompany,
    deliveryMethod: d.deliveryMethod,
    deliveryStatus: d.deliveredDate === null ? 'DELIVERING' : 'DELIVERY_COMPLETION',
    trackingNumber: d.trackingNumber,
    sendDate: time(d.sendDate),
    pickupDate: time(d.pickupDate),
    deliveredDate: time(d.deliveredDate),
    isWrongTrackingNumber: false,
  };
}

const CLAIM_PART = { CANCEL: 'cancel', RETURN: 'return', EXCHANGE: 'exchange' } as const;

/** One claim as its part (`cancel`, `return` or `exchange`) prints it, reasons under the part's own names. */
function presentClaim(claim: NaverClaim) {
  const part = CLAIM_PART[claim.type];
  const done = claim.status.endsWith('_DONE') ? time(claim.completedDate) : null;
  return {
    claimId: claim.claimId,
    claimStatus: claim.status,
    claimRequestDate: time(claim.requestDate),
    requestChannel: '구매자',
    [`${part}Reason`]: claim.reason,
    [`${part}DetailedReason`]: claim.detailedReason,
    [`${part}CompletedDate`]: done,
  };
}

/**
 * One entry of the query answer; `delivery` only once the product order was dispatched, the claim parts only
 * while it has a claim: `currentClaim` (the latest) and, as Naver still sends, the same part at the top level.
 */
export function presentDetail(po: NaverProductOrder, siblings: NaverProductOrder[]) {
  const claim = po.claim ? { [CLAIM_PART[po.claim.type]]: presentClaim(po.claim) } : null;
  return {
    order: presentOrder(po, siblings),
    productOrder: presentProductOrder(po),
    ...(po.delivery ? { delivery: presentDelivery(po) } : {}),
    ...(claim ? { currentClaim: claim, ...claim } : {}),
  };
}
