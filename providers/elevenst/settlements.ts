// 11st (11번가) 정산내역조회, `GET /settlement/settlementList/{startTime}/{endTime}` (providers/elevenst/README.md
// "Settlements"): yyyyMMdd days, at most 31 per query, one `ns2:seStlDtlList` of settled order lines in EUC-KR XML.
import { XMLParser } from 'fast-xml-parser';
import { ProviderError } from '../errors';
import { elevenstError } from './errors';
import { parseElevenstXml, type RawFields } from './parse';
import { fetchEucKr } from './transport';

/** 11st: "조회기간은 최대 31일". */
export const ELEVENST_SETTLEMENT_RANGE_DAYS = 31;
/** result_code 0: "조회된 결과가 없습니다" (nothing settled), 2: over 31 days, 1000: maintenance. */
const NOTHING_FOUND = 0;
const DAY_MS = 86_400_000;

// Tag values stay strings, as in parse.ts: ordNo has 17 digits.
const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, ignoreDeclaration: true, parseTagValue: false, trimValues: true });

export type ElevenstSettlementLine = RawFields;

/** Inclusive yyyy-MM-dd ranges of at most 31 days covering `from`..`to`. */
export function settlementRanges(from: string, to: string): Array<{ start: string; end: string }> {
  const ranges: Array<{ start: string; end: string }> = [];
  const last = Date.parse(`${to}T00:00:00Z`);
  for (let day = Date.parse(`${from}T00:00:00Z`); day <= last; day += ELEVENST_SETTLEMENT_RANGE_DAYS * DAY_MS) {
    const end = Math.min(day + (ELEVENST_SETTLEMENT_RANGE_DAYS - 1) * DAY_MS, last);
    ranges.push({ start: new Date(day).toISOString().slice(0, 10), end: new Date(end).toISOString().slice(0, 10) });
  }
  return ranges;
}

/** The settled lines of one answer: every element under the root, whatever 11st names it (UNVERIFIED: `seStlDtl`). */
export function parseSettlementList(xml: string): ElevenstSettlementLine[] | undefined {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const root = doc.seStlDtlList;
  if (root === undefined) return undefined;
  if (root === '' || typeof root !== 'object' || root === null) return [];
  const lines: ElevenstSettlementLine[] = [];
  for (const value of Object.values(root)) {
    for (const element of Array.isArray(value) ? value : [value]) {
      if (element && typeof element === 'object') {
        const fields: RawFields = {};
        for (const [k, v] of Object.entries(element as Record<string, unknown>)) fields[k] = v === null || typeof v === 'object' ? '' : String(v);
        lines.push(fields);
      }
    }
  }
  return lines;
}

export class ElevenstSettlementClient {
  private readonly baseUrl: string;

  constructor(private readonly options: { baseUrl: string; apiKey: string; timeoutMs?: number }) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  /** Every settled line between two yyyy-MM-dd days (inclusive), one query per 31 days, in order. */
  async settlementList(from: string, to: string): Promise<ElevenstSettlementLine[]> {
    const lines: ElevenstSettlementLine[] = [];
    for (const { start, end } of settlementRanges(from, to)) lines.push(...(await this.range(start.replace(/-/g, ''), end.replace(/-/g, ''))));
    return lines;
  }

  private async range(start: string, end: string): Promise<ElevenstSettlementLine[]> {
    const what = `list 11st settlements ${start}-${end}`;
    const secrets = [this.options.apiKey];
    const response = await fetchEucKr({
      what, url: `${this.baseUrl}/settlement/settlementList/${start}/${end}`, headers: { openapikey: this.options.apiKey, accept: 'text/xml' },
      timeoutMs: this.options.timeoutMs, secrets,
    });
    const lines = response.status === 200 ? parseSettlementList(response.text) : undefined;
    if (lines) return lines;
    // Not a settlement list: the `ns2:orders` result shape (0 = nothing, 2 = range too long) or a refusal.
    const answer = response.status === 200 ? parseElevenstXml(response.text) : ({ kind: 'unknown' } as const);
    if (answer.kind === 'orders' && answer.resultCode === NOTHING_FOUND) return [];
    const error = elevenstError({ what, status: response.status, answer, secrets });
    if (error) throw error;
    const code = answer.kind === 'orders' ? answer.resultCode : undefined;
    throw new ProviderError({
      provider: 'elevenst', kind: code === 1000 ? 'server' : 'bad_request', status: 200, providerCode: code === undefined ? undefined : String(code),
      message: `${what} failed: 11st answered result_code ${code ?? '?'}${answer.kind === 'orders' && answer.resultText ? ` (${answer.resultText})` : ''}`, secrets,
    });
  }
}
