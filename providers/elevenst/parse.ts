// 11st XML answers, providers/elevenst/README.md "Order queries" and "Actions": the `ns2` prefix is dropped, and the
// order list is ALWAYS an array: 11st prints one order as a lone element and several as repeated ones,
// which an XML-to-object parser turns into an object or an array.
import { XMLParser } from 'fast-xml-parser';

// Tag values stay strings: ordNo has 17 digits and would lose its last ones as a number.
const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, ignoreDeclaration: true, parseTagValue: false, trimValues: true });

/** One, several or no elements of the same name → always an array. */
export function asArray<T>(value: T | T[] | undefined | null): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export type RawFields = Record<string, string>;

/** What an 11st XML answer says, whichever of its shapes it came in. */
export type ElevenstAnswer =
  | { kind: 'orders'; orders: RawFields[]; resultCode?: number; resultText?: string }
  | { kind: 'result'; resultCode: number; resultText: string }
  | { kind: 'openApiError'; code: string; message: string }
  | { kind: 'unknown' };

const text = (value: unknown): string => (value === undefined || value === null || typeof value === 'object' ? '' : String(value));

/** Empty elements parse as '' and nested ones are not expected in an order line; both read as text. */
function fields(element: unknown): RawFields {
  const out: RawFields = {};
  if (element && typeof element === 'object') for (const [k, v] of Object.entries(element)) out[k] = text(v);
  return out;
}

function code(value: unknown): number | undefined {
  const raw = text(value).trim();
  return raw !== '' && /^-?\d+$/.test(raw) ? Number(raw) : undefined;
}

export function parseElevenstXml(xml: string): ElevenstAnswer {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch {
    return { kind: 'unknown' };
  }
  const orders = doc.orders as Record<string, unknown> | '' | undefined;
  if (orders !== undefined) {
    const root = orders === '' ? {} : orders;
    return {
      kind: 'orders',
      orders: asArray(root.order).map(fields),
      resultCode: code(root.result_code),
      resultText: root.result_text === undefined ? undefined : text(root.result_text),
    };
  }
  // Order actions answer <result>; the claim actions answer <ResultOrder> with the same two fields.
  const result = (doc.result ?? doc.ResultOrder) as Record<string, unknown> | undefined;
  const resultCode = code(result?.result_code);
  if (result && resultCode !== undefined) return { kind: 'result', resultCode, resultText: text(result.result_text) };
  const error = doc.ErrorMessage as Record<string, unknown> | undefined;
  if (error) return { kind: 'openApiError', code: text(error.code), message: text(error.message) };
  return { kind: 'unknown' };
}
