// Coupang WING Open API, providers/coupang/README.md (Claims): 반품/취소 요청 목록 조회 (returnRequests, by status code
// or cancelType=CANCEL), 교환요청 목록 조회 (exchangeRequests, at most 7 days), 출고중지완료 (stoppedShipment),
// 반품상품 입고 확인처리 (receiveConfirmation) and 반품요청 승인 처리 (approval), and the control hooks that make
// buyers cancel, return and exchange (`POST /__sandbox/orders` kinds cancel_request, return_request, exchange_request).
import { json, parseJsonObject, type Reply, type SandboxRequest } from '../http';
import type { SandboxState } from '../state';
import { DAY_MS, kstLocalMillis } from '../time';
import { DEMO_COUPANG_CREDENTIALS } from './demo';
import { businessError } from './errors';
import { cancelUnacknowledged } from './generate';
import { isReply, ok, readPaging, readWindow } from './ordersheets';
import { maskName } from './present';
import { coupangStore, type Exchange, type OrderSheet, type Receipt, type ReceiptStatus } from './store';

/** The documented `status` codes and the receipt statuses each lists; RU receipts show under UC too (Coupang's note). */
const QUERY_STATUSES: Record<string, ReceiptStatus[]> = {
  RU: ['RELEASE_STOP_UNCHECKED'],
  UC: ['RELEASE_STOP_UNCHECKED', 'RETURNS_UNCHECKED', 'VENDOR_WAREHOUSE_CONFIRM'], // 입고완료 under UC: UNVERIFIED
  PR: ['REQUEST_COUPANG_CHECK'],
  CC: ['RETURNS_COMPLETED'],
};
const EXCHANGE_STATUSES = ['RECEIPT', 'PROGRESS', 'SUCCESS', 'REJECT', 'CANCEL'];
const EXCHANGE_MAX_MS = 7 * DAY_MS;
const SECOND = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

const localTime = (ms: number) => kstLocalMillis(ms).slice(0, 19);

function presentReceipt(receipt: Receipt) {
  const cancelCountSum = receipt.items.reduce((sum, item) => sum + item.cancelCount, 0);
  return {
    receiptId: receipt.receiptId, orderId: receipt.orderId, paymentId: receipt.orderId + 780_000,
    receiptType: receipt.receiptType, receiptStatus: receipt.receiptStatus,
    createdAt: localTime(receipt.createdAt), modifiedAt: localTime(receipt.modifiedAt),
    requesterName: maskName(receipt.requesterName), requesterPhoneNumber: '0503-****-3560',
    cancelReasonCategory1: receipt.reasonCategory1, cancelReasonCategory2: receipt.reasonCategory2, cancelReason: receipt.reason,
    cancelCountSum, returnDeliveryId: receipt.receiptId - 30_000_000, returnDeliveryType: '연동택배',
    releaseStopStatus: receipt.releaseStopStatus, enclosePrice: 0, faultByType: receipt.faultByType, preRefund: false,
    completeConfirmDate: receipt.receiptStatus === 'RETURNS_COMPLETED' ? localTime(receipt.modifiedAt) : '',
    completeConfirmType: receipt.receiptStatus === 'RETURNS_COMPLETED' ? 'VENDOR_CONFIRM' : 'UNDEFINED',
    returnItems: receipt.items.map((item) => ({
      vendorItemPackageId: 0, vendorItemPackageName: item.sellerProductName, vendorItemId: item.vendorItemId,
      vendorItemName: item.vendorItemName, purchaseCount: item.purchaseCount, cancelCount: item.cancelCount,
      shipmentBoxId: item.shipmentBoxId, sellerProductId: item.sellerProductId, sellerProductName: item.sellerProductName,
    })),
    returnDeliveryDtos: [{ deliveryCompanyCode: 'CJGLS', deliveryInvoiceNo: '' }],
  };
}

function presentExchange(exchange: Exchange) {
  return {
    exchangeId: exchange.exchangeId, orderId: exchange.orderId, vendorId: exchange.vendorId,
    orderDeliveryStatusCode: exchange.orderDeliveryStatusCode, exchangeStatus: exchange.exchangeStatus,
    referType: 'WEB_MOBILE', faultType: 'VENDOR', exchangeAmount: 0, reason: exchange.reason,
    reasonCode: exchange.reasonCode, reasonCodeText: exchange.reasonCodeText, cancelReason: '',
    createdByType: 'CUSTOMER', createdAt: localTime(exchange.createdAt), modifiedByType: 'CUSTOMER', modifiedAt: localTime(exchange.modifiedAt),
    exchangeItemDtoV1s: exchange.items.map((item, i) => ({
      exchangeItemId: exchange.exchangeId * 10 + i, orderItemId: item.vendorItemId, orderItemUnitPrice: item.unitPrice,
      orderItemName: item.vendorItemName, orderPackageId: 0, orderPackageName: item.vendorItemName,
      targetItemId: item.vendorItemId, targetItemUnitPrice: item.unitPrice, targetItemName: item.vendorItemName,
      targetPackageId: 0, targetPackageName: item.vendorItemName, quantity: item.quantity,
      orderItemDeliveryComplete: true, orderItemReturnComplete: exchange.exchangeStatus === 'SUCCESS', targetItemDeliveryComplete: exchange.exchangeStatus === 'SUCCESS',
      createdAt: localTime(exchange.createdAt), modifiedAt: localTime(exchange.modifiedAt), originalShipmentBoxId: item.shipmentBoxId,
    })),
  };
}

/** GET …/returnRequests: `status` for returns, or `cancelType=CANCEL` (without a status) for cancellations in 결제완료. */
export function listReturnRequests(state: SandboxState, req: SandboxRequest): Reply {
  cancelUnacknowledged(state);
  const window = readWindow(req);
  if (isReply(window)) return window;
  const cancelType = req.query.get('cancelType');
  const status = req.query.get('status');
  if (cancelType !== null && cancelType !== 'CANCEL' && cancelType !== 'RETURN') return businessError(400, `cancelType must be RETURN or CANCEL, but got "${cancelType}".`);
  if (cancelType === 'CANCEL' && status !== null) return businessError(400, 'status cannot be used with cancelType=CANCEL.');
  if (cancelType !== 'CANCEL' && (status === null || !QUERY_STATUSES[status])) {
    return businessError(400, `status must be one of ${Object.keys(QUERY_STATUSES).join(', ')}, but got "${status ?? ''}".`);
  }
  const matching = [...coupangStore(state).receipts.values()]
    .filter((r) => r.vendorId === req.params.vendorId && r.createdAt >= window.from && r.createdAt < window.to)
    .filter((r) => (cancelType === 'CANCEL' ? r.receiptType === 'CANCEL' : r.receiptType === 'RETURN' && QUERY_STATUSES[status!].includes(r.receiptStatus)))
    .sort((a, b) => a.receiptId - b.receiptId);
  if (!window.paged) return ok(matching.map(presentReceipt));
  const paging = readPaging(req);
  if (isReply(paging)) return paging;
  const rest = matching.filter((r) => r.receiptId >= paging.after);
  const next = rest[paging.perPage];
  return ok(rest.slice(0, paging.perPage).map(presentReceipt), { nextToken: next ? String(next.receiptId) : '' });
}

/** GET …/exchangeRequests: createdAtFrom/To as yyyy-MM-ddTHH:mm:ss, at most 7 days, every status unless one is named. */
export function listExchangeRequests(state: SandboxState, req: SandboxRequest): Reply {
  const fromText = req.query.get('createdAtFrom') ?? '';
  const toText = req.query.get('createdAtTo') ?? '';
  for (const [name, value] of [['createdAtFrom', fromText], ['createdAtTo', toText]]) {
    if (!SECOND.test(value)) return businessError(400, `${name} must be yyyy-MM-dd'T'HH:mm:ss, but got "${value}".`);
  }
  const from = Date.parse(`${fromText}+09:00`);
  const to = Date.parse(`${toText}+09:00`);
  if (to <= from) return businessError(400, 'createdAtFrom must be before createdAtTo.');
  if (to - from > EXCHANGE_MAX_MS) return businessError(400, 'The search range must be 7 days or less.');
  const status = req.query.get('status');
  if (status !== null && !EXCHANGE_STATUSES.includes(status)) return businessError(400, `status must be one of ${EXCHANGE_STATUSES.join(', ')}.`);
  const perPageText = req.query.get('maxPerPage');
  const perPage = perPageText === null ? 10 : Number(perPageText);
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 50) return businessError(400, `maxPerPage must be an integer from 1 to 50, but got "${perPageText}".`);
  const token = req.query.get('nextToken') ?? '';
  if (token !== '' && !/^\d+$/.test(token)) return businessError(400, `nextToken "${token}" is not valid.`);
  const rest = [...coupangStore(state).exchanges.values()]
    .filter((e) => e.vendorId === req.params.vendorId && e.createdAt >= from && e.createdAt <= to && (status === null || e.exchangeStatus === status))
    .filter((e) => token === '' || e.exchangeId >= Number(token))
    .sort((a, b) => a.exchangeId - b.exchangeId);
  const next = rest[perPage];
  return ok(rest.slice(0, perPage).map(presentExchange), { nextToken: next ? String(next.exchangeId) : '' });
}

/** The action's receipt, when the body names the path's receipt and vendor. */
function readReceipt(state: SandboxState, req: SandboxRequest): { receipt: Receipt; body: Record<string, unknown> } | { refusal: Reply } {
  const body = parseJsonObject(req.body);
  if (!body) return { refusal: businessError(400, 'The request body must be a JSON object.') };
  if (body.vendorId !== req.params.vendorId) return { refusal: businessError(400, `vendorId in the body (${String(body.vendorId)}) does not match the path (${req.params.vendorId}).`) };
  if (String(body.receiptId) !== req.params.receiptId || typeof body.receiptId !== 'number') {
    return { refusal: businessError(400, 'receiptId must be a number and match the path.') };
  }
  const receipt = coupangStore(state).receipts.get(Number(req.params.receiptId));
  if (!receipt || receipt.vendorId !== req.params.vendorId) return { refusal: businessError(400, `receiptId (${req.params.receiptId}) is not found.`) };
  return { receipt, body };
}

const cancelCountOf = (receipt: Receipt) => receipt.items.reduce((sum, item) => sum + item.cancelCount, 0);
const success = () => json(200, { code: '200', message: 'OK' });

/** 출고중지완료: a RELEASE_STOP_UNCHECKED receipt whose boxes have not left; the boxes are cancelled. */
export function stopShipment(state: SandboxState, req: SandboxRequest): Reply {
  const read = readReceipt(state, req);
  if ('refusal' in read) return read.refusal;
  const { receipt, body } = read;
  if (body.cancelCount !== cancelCountOf(receipt)) return businessError(400, `cancelCount must be ${cancelCountOf(receipt)}.`);
  const store = coupangStore(state);
  const boxes = receipt.items.map((item) => store.sheets.get(item.shipmentBoxId)).filter((s): s is OrderSheet => s !== undefined);
  const fail = (resultMessage: string) => json(200, { code: '200', message: 'OK', data: { resultCode: 'FAIL', resultMessage } });
  if (receipt.receiptStatus !== 'RELEASE_STOP_UNCHECKED') return fail('출고중지요청 상태가 아닙니다.');
  if (boxes.some((box) => box.status !== 'ACCEPT' && box.status !== 'INSTRUCT')) return fail('이미 출고된 주문입니다.');
  const now = state.clock.now();
  for (const box of boxes) {
    box.canceledAt = now;
    box.updatedAt = now;
  }
  Object.assign(receipt, { receiptStatus: 'RETURNS_COMPLETED', releaseStopStatus: '처리(출고중지)', modifiedAt: now });
  return json(200, { code: '200', message: 'OK', data: { resultCode: 'SUCCESS', resultMessage: '출고중지 처리가 성공하였습니다.' } });
}

/** 반품상품 입고 확인처리: RETURNS_UNCHECKED → VENDOR_WAREHOUSE_CONFIRM. */
export function confirmReceipt(state: SandboxState, req: SandboxRequest): Reply {
  const read = readReceipt(state, req);
  if ('refusal' in read) return read.refusal;
  if (read.receipt.receiptStatus !== 'RETURNS_UNCHECKED') return businessError(400, `반품접수 상태가 아닙니다 (${read.receipt.receiptStatus}).`);
  Object.assign(read.receipt, { receiptStatus: 'VENDOR_WAREHOUSE_CONFIRM', modifiedAt: state.clock.now() });
  return success();
}

/** 반품요청 승인 처리: a return whose goods are back (VENDOR_WAREHOUSE_CONFIRM) is completed. */
export function approveReturn(state: SandboxState, req: SandboxRequest): Reply {
  const read = readReceipt(state, req);
  if ('refusal' in read) return read.refusal;
  const { receipt, body } = read;
  if (body.cancelCount !== cancelCountOf(receipt)) return businessError(400, `cancelCount must be ${cancelCountOf(receipt)}.`);
  if (receipt.receiptStatus !== 'VENDOR_WAREHOUSE_CONFIRM') return businessError(400, `입고완료 상태의 반품만 승인할 수 있습니다 (${receipt.receiptStatus}).`);
  Object.assign(receipt, { receiptStatus: 'RETURNS_COMPLETED', modifiedAt: state.clock.now() });
  return success();
}

// The buyer side, for `POST /__sandbox/orders`.

const REASONS: Array<[string, string, string]> = [
  ['고객변심', '단순변심(사유없음)', ''],
  ['상품불량', '사용중 제품결함', '이틀 만에 고장났어요'],
  ['배송문제', '배송지연', '너무 늦게 와요'],
];

/** Boxes of the demo vendor in one of `statuses` never claimed before, most recently changed first. */
function candidates(state: SandboxState, statuses: string[]): OrderSheet[] {
  const store = coupangStore(state);
  const claimed = new Set([
    ...[...store.receipts.values()].flatMap((r) => r.items.map((i) => i.shipmentBoxId)),
    ...[...store.exchanges.values()].flatMap((e) => e.items.map((i) => i.shipmentBoxId)),
  ]);
  return [...store.sheets.values()]
    .filter((s) => s.vendorId === DEMO_COUPANG_CREDENTIALS.vendorId && s.canceledAt === null && statuses.includes(s.status) && !claimed.has(s.shipmentBoxId))
    .sort((a, b) => b.updatedAt - a.updatedAt || b.shipmentBoxId - a.shipmentBoxId);
}

function newReceipt(state: SandboxState, sheet: OrderSheet, receiptType: Receipt['receiptType'], receiptStatus: ReceiptStatus, releaseStopStatus: string): Receipt {
  const store = coupangStore(state);
  const now = state.clock.now();
  const [reasonCategory1, reasonCategory2, reason] = REASONS[store.nextReceiptId % REASONS.length];
  const receipt: Receipt = {
    vendorId: sheet.vendorId, receiptId: store.nextReceiptId++, orderId: sheet.orderId, receiptType, receiptStatus,
    createdAt: now, modifiedAt: now, requesterName: sheet.orderer.name, reasonCategory1, reasonCategory2, reason, releaseStopStatus,
    faultByType: reasonCategory1 === '고객변심' ? 'CUSTOMER' : 'VENDOR',
    items: sheet.items.map((item) => ({
      shipmentBoxId: sheet.shipmentBoxId, vendorItemId: item.vendorItemId, vendorItemName: item.vendorItemName,
      sellerProductId: item.sellerProductId, sellerProductName: item.sellerProductName, purchaseCount: item.shippingCount, cancelCount: item.shippingCount,
    })),
  };
  store.receipts.set(receipt.receiptId, receipt);
  return receipt;
}

/**
 * Buyers cancel the most recently changed boxes: in 상품준비중 (INSTRUCT) Coupang files a 출고중지요청 the seller
 * answers; in 결제완료 (ACCEPT) it cancels at once and lists the receipt under cancelType=CANCEL
 * (its receiptStatus there is UNVERIFIED: RETURNS_COMPLETED here). Returns the orderIds.
 */
export function requestCancellations(state: SandboxState, count: number): string[] {
  cancelUnacknowledged(state);
  const now = state.clock.now();
  const boxes = [...candidates(state, ['INSTRUCT']), ...candidates(state, ['ACCEPT'])].slice(0, count);
  return boxes.map((sheet) => {
    if (sheet.status === 'INSTRUCT') newReceipt(state, sheet, 'RETURN', 'RELEASE_STOP_UNCHECKED', '미처리');
    else {
      newReceipt(state, sheet, 'CANCEL', 'RETURNS_COMPLETED', '비대상');
      sheet.canceledAt = now;
      sheet.updatedAt = now;
    }
    return String(sheet.orderId);
  });
}

/** Buyers return delivered (or delivering) boxes: RETURNS_UNCHECKED receipts. Returns the orderIds. */
export function requestReturns(state: SandboxState, count: number): string[] {
  return candidates(state, ['FINAL_DELIVERY', 'DELIVERING']).slice(0, count).map((sheet) => {
    newReceipt(state, sheet, 'RETURN', 'RETURNS_UNCHECKED', '비대상');
    return String(sheet.orderId);
  });
}

/** Buyers ask to exchange delivered boxes: RECEIPT exchange requests. Returns the orderIds. */
export function requestExchanges(state: SandboxState, count: number): string[] {
  const store = coupangStore(state);
  const now = state.clock.now();
  return candidates(state, ['FINAL_DELIVERY']).slice(0, count).map((sheet) => {
    const exchange: Exchange = {
      vendorId: sheet.vendorId, exchangeId: store.nextExchangeId++, orderId: sheet.orderId, exchangeStatus: 'RECEIPT',
      orderDeliveryStatusCode: sheet.status, reasonCode: 'SIZE_CHANGE', reasonCodeText: '사이즈 변경', reason: '한 치수 큰 걸로 바꿔주세요',
      createdAt: now, modifiedAt: now,
      items: sheet.items.map((item) => ({ shipmentBoxId: sheet.shipmentBoxId, vendorItemId: item.vendorItemId, vendorItemName: item.vendorItemName, unitPrice: item.salesPrice, quantity: item.shippingCount })),
    };
    store.exchanges.set(exchange.exchangeId, exchange);
    return String(sheet.orderId);
  });
}
