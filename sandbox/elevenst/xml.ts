// 11st's wire format, providers/elevenst/README.md "Auth", "Order queries", "Actions": XML encoded in EUC-KR, list roots in
// the `ns2` namespace, and failures as a negative result_code inside an HTTP 200 (as clients observe it).
import iconv from 'iconv-lite';
import type { Reply } from '../http';

export const NS2 = 'http://skt.tmall.business.openapi.spring.service.client.domain/';
const DECLARATION = '<?xml version="1.0" encoding="euc-kr"?>';
const CONTENT_TYPE = 'text/xml;charset=euc-kr';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
export const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => ENTITIES[c]);

/** `<name>value</name>` for each field, in the order given (11st prints fields in a fixed order). */
export function elements(fields: ReadonlyArray<readonly [string, string | number]>): string {
  return fields.map(([name, value]) => `<${name}>${escapeXml(String(value))}</${name}>`).join('');
}

/**
 * The body must leave as EUC-KR bytes, but `Reply.text` is written as UTF-8 by server.ts. A Buffer in its
 * place is written byte for byte (server.ts measures it with Buffer.byteLength and hands it to res.end),
 * so the bytes travel in `text` until the Reply type has a field for raw bytes.
 */
export function eucKrXml(body: string, status = 200): Reply {
  const bytes = iconv.encode(`${DECLARATION}\n${body}`, 'euc-kr');
  return { status, contentType: CONTENT_TYPE, text: bytes as unknown as string };
}

/** A list answer: one `<ns2:order>` per product line; one line prints as one element, not a list. */
export function orderList(orders: string[]): Reply {
  const inner = orders.map((fields) => `<ns2:order>${fields}</ns2:order>`).join('');
  return eucKrXml(`<ns2:orders xmlns:ns2="${NS2}">${inner}</ns2:orders>`);
}

/** An empty or refused list: result_code 0 (nothing found) or negative (error) instead of orders. */
export function listResult(code: number, text: string): Reply {
  return eucKrXml(
    `<ns2:orders xmlns:ns2="${NS2}"><ns2:result_code>${code}</ns2:result_code><ns2:result_text>${escapeXml(text)}</ns2:result_text></ns2:orders>`,
  );
}

/** The answer of an action (발주확인, 발송처리): result_code 0 on success, negative on refusal. */
export function actionResult(code: number, text: string): Reply {
  return eucKrXml(`<result><result_code>${code}</result_code><result_text>${escapeXml(text)}</result_text></result>`);
}

/** UNVERIFIED: the general 11st open-API overload reply ("004 overedTraffic"); §4 gives no seller-API limit reply. */
export function overedTraffic(): Reply {
  return eucKrXml('<ErrorMessage><code>004</code><message>overedTraffic</message></ErrorMessage>');
}

/** The API runs on a Java servlet container: unknown paths and crashes get its HTML page, not XML. */
export function containerError(status: 404 | 500, path: string): Reply {
  const title = status === 404 ? 'Not Found' : 'Internal Server Error';
  return {
    status,
    contentType: 'text/html;charset=utf-8',
    text: `<!doctype html><html><head><title>HTTP Status ${status} – ${title}</title></head><body><h1>HTTP Status ${status} – ${title}</h1><p>${escapeXml(path)}</p></body></html>`,
  };
}

/** The answer of a claim action (취소승인, 반품승인, 반품거부: apiSeq 1640, 1644, 1645): `<ResultOrder>` with 11st's system codes. */
export function claimActionResult(code: number, text: string): Reply {
  return eucKrXml(
    `<ResultOrder><openMallID>11ST</openMallID><open_11st_mall></open_11st_mall><open_done_payment_interface></open_done_payment_interface>` +
      `<result_code>${code}</result_code><result_text>${escapeXml(text)}</result_text></ResultOrder>`,
  );
}
