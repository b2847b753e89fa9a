// Coupang WING Open API, providers/coupang/README.md (silent on these: paths, bodies and result codes UNVERIFIED, taken from
// Coupang's 상품준비중 처리 and 송장업로드 처리 documents): acknowledgement ACCEPT → INSTRUCT and invoice upload
// INSTRUCT → DEPARTURE. Each box succeeds or fails on its own; the call itself answers 200.
import { json, parseJsonObject, type Reply, type SandboxRequest } from '../http';
import type { SandboxState } from '../state';
import { COUPANG_CARRIERS } from './carriers';
import { businessError } from './errors';
import { acknowledge, cancelUnacknowledged, ship } from './generate';
import { findSheet } from './ordersheets';
import { coupangStore } from './store';

interface BoxResult {
  shipmentBoxId: number;
  succeed: boolean;
  resultCode: string;
  retryRequired: boolean;
  resultMessage: string;
}

const OK_RESULT = (shipmentBoxId: number): BoxResult => ({ shipmentBoxId, succeed: true, resultCode: 'OK', retryRequired: false, resultMessage: '' });
const failed = (shipmentBoxId: number, resultCode: string, resultMessage: string, retryRequired = false): BoxResult =>
  ({ shipmentBoxId, succeed: false, resultCode, retryRequired, resultMessage });
const CANNOT_CHANGE = '배송상태를 변경할 수 없습니다. 주문내역을 확인해주세요.';

/** responseCode 0 all succeeded, 1 partial errors, 99 all failed (Coupang's table). */
function summary(results: BoxResult[]): Reply {
  const good = results.filter((r) => r.succeed).length;
  const [responseCode, responseMessage] =
    good === results.length ? [0, 'SUCCESS'] : good > 0 ? [1, 'PARTIAL_ERROR'] : [99, 'FAILED'];
  return json(200, { code: 200, message: 'OK', data: { responseCode, responseMessage, responseList: results } });
}

/** The JSON body, refused unless its vendorId names the vendor of the path. */
function readList(req: SandboxRequest, listField: string): { list: unknown[] } | { refusal: Reply } {
  const body = parseJsonObject(req.body);
  if (!body) return { refusal: businessError(400, 'The request body must be a JSON object.') };
  if (body.vendorId !== undefined && body.vendorId !== req.params.vendorId) {
    return { refusal: businessError(400, `vendorId in the body (${String(body.vendorId)}) does not match the path (${req.params.vendorId}).`) };
  }
  const list = body[listField];
  if (!Array.isArray(list) || list.length === 0) return { refusal: businessError(400, `${listField} must be a non-empty array.`) };
  return { list };
}

export function acknowledgeSheets(state: SandboxState, req: SandboxRequest): Reply {
  cancelUnacknowledged(state);
  const body = readList(req, 'shipmentBoxIds');
  if ('refusal' in body) return body.refusal;
  const now = state.clock.now();
  const results = body.list.map((id): BoxResult => {
    const sheet = findSheet(state, req.params.vendorId, id);
    const boxId = Number(id);
    if (!sheet) return failed(boxId, 'NOT_FOUND_SHIPMENT_BOX', `shipmentBoxId (${String(id)}) is not found.`);
    if (sheet.canceledAt !== null) return failed(boxId, 'ORDER_DELIVERY_CANCELED', '취소된 주문건입니다.');
    if (sheet.status !== 'ACCEPT') return failed(boxId, 'INVALID_STATUS', CANNOT_CHANGE);
    acknowledge(sheet, now);
    return OK_RESULT(boxId);
  });
  return summary(results);
}

function applyInvoice(state: SandboxState, vendorId: string, dto: Record<string, unknown>, now: number): BoxResult {
  const boxId = Number(dto.shipmentBoxId);
  const sheet = findSheet(state, vendorId, dto.shipmentBoxId);
  if (!sheet || Number(dto.orderId) !== sheet.orderId) return failed(boxId, 'NOT_FOUND_SHIPMENT_BOX', `shipmentBoxId (${String(dto.shipmentBoxId)}) is not found.`);
  if (sheet.canceledAt !== null) return failed(boxId, 'ORDER_DELIVERY_CANCELED', '취소된 주문건입니다.');
  if (sheet.status !== 'INSTRUCT') return failed(boxId, 'INVALID_STATUS', '배송진행상태가 유효하지 않습니다.');
  if (!sheet.items.some((item) => item.vendorItemId === Number(dto.vendorItemId))) {
    return failed(boxId, 'NOT_FOUND_VENDOR_ITEM', '합포장건 중 누락된 상품이 있습니다.');
  }
  const carrier = typeof dto.deliveryCompanyCode === 'string' ? dto.deliveryCompanyCode : '';
  const invoice = typeof dto.invoiceNumber === 'string' ? dto.invoiceNumber.trim() : '';
  if (!COUPANG_CARRIERS[carrier] || !/^[0-9A-Za-z-]{6,20}$/.test(invoice)) {
    return failed(boxId, 'INVALID_INVOICE_NUMBER', '송장번호가 유효하지 않습니다.', true);
  }
  const taken = [...coupangStore(state).sheets.values()].some((s) => s !== sheet && s.invoiceNumber === invoice);
  if (taken) return failed(boxId, 'DUPLICATE_INVOICE_NUMBER', '이미 저장된 송장번호가 있습니다.', true);
  ship(state, sheet, carrier, invoice, now);
  return OK_RESULT(boxId);
}

export function uploadInvoices(state: SandboxState, req: SandboxRequest): Reply {
  cancelUnacknowledged(state);
  const body = readList(req, 'orderSheetInvoiceApplyDtos');
  if ('refusal' in body) return body.refusal;
  const now = state.clock.now();
  const results = body.list.map((dto) =>
    dto && typeof dto === 'object'
      ? applyInvoice(state, req.params.vendorId, dto as Record<string, unknown>, now)
      : failed(0, 'NOT_FOUND_SHIPMENT_BOX', 'Each orderSheetInvoiceApplyDtos entry must be an object.'),
  );
  return summary(results);
}
