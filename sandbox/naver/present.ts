// Naver Commerce API, providers/naver/README.md (Changed orders, Order detail): product orders as the commerce API
// prints them — KST instants with milliseconds, integer KRW, `order` / `productOrder` / `delivery` parts.
import type { NaverProductOrder } from './store';
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
    claimType: null,
    claimStatus: null,
    receiverAddressChanged: false,
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
    quantity: po.quantity,
    unitPrice: po.unitPrice,
    totalPaymentAmount: po.totalPaymentAmount,
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
    claimType: null,
    claimStatus: null,
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

/** One entry of the query answer; `delivery` only once the product order was dispatched. */
export function presentDetail(po: NaverProductOrder, siblings: NaverProductOrder[]) {
  return {
    order: presentOrder(po, siblings),
    productOrder: presentProductOrder(po),
    ...(po.delivery ? { delivery: presentDelivery(po) } : {}),
  };
}
