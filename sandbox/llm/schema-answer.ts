// Builds a JSON value that conforms to a JSON schema (a structured-output format or a forced tool's input schema,
// shared by both sandbox LLMs), deterministically:
// the same messages always give the same document. Arrays whose items carry an `orderId` get one element
// per orderId found in the user's message, so a client can batch several orders into one prompt.
import { pick } from '../prng';

type Schema = Record<string, unknown>;

export interface AnswerContext {
  random: () => number;
  /** Short text derived from the last user message, used for every free-text string. */
  snippet: string;
  /** orderIds found in JSON objects inside the last user message, in order of appearance. */
  orderIds: Array<string | number>;
  now: number;
  root: Schema;
}

const MAX_DEPTH = 12;

export function answerForSchema(schema: Schema, ctx: AnswerContext): unknown {
  return generate(schema, ctx, 0, undefined, undefined);
}

function resolveRef(schema: Schema, root: Schema): Schema {
  let current = schema;
  for (let hops = 0; typeof current.$ref === 'string' && hops < 16; hops++) {
    const ref = current.$ref;
    if (!ref.startsWith('#')) return {};
    let target: unknown = root;
    for (const part of ref.slice(1).split('/').filter(Boolean)) {
      target = (target as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    current = (target as Schema | undefined) ?? {};
  }
  return current;
}

/** The one type to produce: the first non-null of a type list or of anyOf/oneOf variants. */
function schemaType(schema: Schema): string | undefined {
  const t = schema.type;
  if (Array.isArray(t)) return (t.find((x) => x !== 'null') ?? 'null') as string;
  if (typeof t === 'string') return t;
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  return undefined;
}

function generate(raw: Schema, ctx: AnswerContext, depth: number, key: string | undefined, orderId: string | number | undefined): unknown {
  const schema = resolveRef(raw, ctx.root);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return pick(schema.enum, ctx.random());
  const variants = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (Array.isArray(variants) && variants.length > 0) {
    const chosen = variants.find((v) => schemaType(resolveRef(v, ctx.root)) !== 'null') ?? variants[0];
    return generate(chosen, ctx, depth, key, orderId);
  }
  if (Array.isArray(schema.allOf)) {
    const merged = (schema.allOf as Schema[]).map((s) => resolveRef(s, ctx.root));
    const properties = Object.assign({}, ...merged.map((s) => s.properties ?? {})) as Schema;
    return generate({ type: 'object', properties }, ctx, depth, key, orderId);
  }
  switch (schemaType(schema)) {
    case 'object': return generateObject(schema, ctx, depth, orderId);
    case 'array': return generateArray(schema, ctx, depth, orderId);
    case 'integer': return generateNumber(schema, ctx, true);
    case 'number': return generateNumber(schema, ctx, false);
    case 'boolean': return ctx.random() < 0.5;
    case 'null': return null;
    default: return generateString(schema, ctx, key, orderId);
  }
}

function generateObject(schema: Schema, ctx: AnswerContext, depth: number, orderId: string | number | undefined) {
  const out: Record<string, unknown> = {};
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  for (const [name, sub] of Object.entries(properties)) {
    if (name === 'orderId' && orderId !== undefined) out[name] = coerceOrderId(resolveRef(sub, ctx.root), orderId);
    else out[name] = depth >= MAX_DEPTH ? null : generate(sub, ctx, depth + 1, name, orderId);
  }
  return out;
}

function coerceOrderId(schema: Schema, orderId: string | number): unknown {
  const type = schemaType(schema);
  if ((type === 'integer' || type === 'number') && Number.isFinite(Number(orderId))) return Number(orderId);
  return String(orderId);
}

function generateArray(schema: Schema, ctx: AnswerContext, depth: number, orderId: string | number | undefined) {
  const items = resolveRef((schema.items ?? {}) as Schema, ctx.root);
  const itemProps = items.properties as Record<string, unknown> | undefined;
  if (itemProps && 'orderId' in itemProps && ctx.orderIds.length > 0 && orderId === undefined) {
    return ctx.orderIds.map((id) => generate(items, ctx, depth + 1, undefined, id));
  }
  const min = typeof schema.minItems === 'number' ? schema.minItems : 1;
  const max = typeof schema.maxItems === 'number' ? schema.maxItems : Math.max(min, 3);
  const length = depth >= MAX_DEPTH ? min : min + Math.floor(ctx.random() * (max - min + 1));
  return Array.from({ length }, () => generate(items, ctx, depth + 1, undefined, orderId));
}

function generateNumber(schema: Schema, ctx: AnswerContext, integer: boolean): number {
  const bound = (inclusive: unknown, exclusive: unknown, step: number, fallback: number) =>
    typeof inclusive === 'number' ? inclusive : typeof exclusive === 'number' ? exclusive + step : fallback;
  const step = integer ? 1 : 0.01;
  const lo = bound(schema.minimum, schema.exclusiveMinimum, step, 0);
  const hi = Math.max(lo, bound(schema.maximum, schema.exclusiveMaximum, -step, integer ? 100 : 1));
  const value = lo + ctx.random() * (hi - lo);
  return integer ? Math.min(Math.floor(hi), Math.max(Math.ceil(lo), Math.round(value))) : Math.round(value * 100) / 100;
}

function generateString(schema: Schema, ctx: AnswerContext, key: string | undefined, orderId: string | number | undefined): string {
  switch (schema.format) {
    case 'date-time': return new Date(ctx.now).toISOString();
    case 'date': return new Date(ctx.now).toISOString().slice(0, 10);
    case 'email': return 'sandbox@example.com';
    case 'uri': return 'https://example.com/sandbox';
    case 'uuid': return '00000000-0000-4000-8000-000000000000';
  }
  let text = orderId !== undefined ? `[${orderId}] ${ctx.snippet}` : ctx.snippet;
  if (key) text = `${key}: ${text}`;
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  return text.padEnd(minLength, '.').slice(0, maxLength);
}

/** orderIds of every JSON object found in `text` (JSON documents embedded in prose are found too). */
export function findOrderIds(text: string): Array<string | number> {
  const ids: Array<string | number> = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      const id = (value as Record<string, unknown>).orderId;
      if ((typeof id === 'string' || typeof id === 'number') && !ids.includes(id)) ids.push(id);
      Object.values(value).forEach(visit);
    }
  };
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '[' && text[i] !== '{') continue;
    const end = matchingBracket(text, i);
    if (end < 0) continue;
    try {
      visit(JSON.parse(text.slice(i, end + 1)));
      i = end;
    } catch {
      // not JSON: keep scanning from the next character
    }
  }
  return ids;
}

function matchingBracket(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') if (--depth === 0) return i;
  }
  return -1;
}
