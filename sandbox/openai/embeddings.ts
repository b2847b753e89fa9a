// Deterministic embeddings for `POST /v1/embeddings` (providers/openai/README.md "Embeddings") that carry enough
// meaning for search quality to be measured here: hashed features of a text, L2-normalised, so similar texts get
// similar vectors. Features: each word, each word's character bigrams and trigrams (Korean syllables: 배송은 and
// 배송이 share 배송), and the concepts of concepts.ts (환불 and 돌려받 both mean "refund"), weighted most.
import { json, parseJsonObject, type Reply, type SandboxRequest } from '../http';
import { hash32 } from '../prng';
import { CONCEPTS } from './concepts';
import { invalidRequest } from './errors';

export const DEFAULT_DIMENSIONS = 1536;

const WEIGHTS = { word: 1, bigram: 0.5, trigram: 0.5, concept: 2.5 };

function features(text: string): Array<[string, number]> {
  const lower = text.toLowerCase();
  const words = lower.match(/[\p{L}\p{N}]+/gu) ?? [];
  const out: Array<[string, number]> = [];
  for (const word of words) {
    out.push([`w:${word}`, WEIGHTS.word]);
    const chars = [...word];
    for (let i = 0; i + 2 <= chars.length; i++) out.push([`b:${chars.slice(i, i + 2).join('')}`, WEIGHTS.bigram]);
    for (let i = 0; i + 3 <= chars.length; i++) out.push([`t:${chars.slice(i, i + 3).join('')}`, WEIGHTS.trigram]);
  }
  for (const [concept, stems] of Object.entries(CONCEPTS)) {
    if (stems.some((stem) => lower.includes(stem))) out.push([`c:${concept}`, WEIGHTS.concept]);
  }
  return out;
}

export function embed(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const found = features(text);
  for (const [feature, weight] of found) {
    // Two slots per feature with hashed signs: fewer collisions than one, and still cheap.
    for (const salt of ['a', 'b']) {
      const h = hash32(`${salt}:${feature}`);
      vector[h % dimensions] += (h & 0x80000000 ? -1 : 1) * weight;
    }
  }
  if (found.length === 0) vector[hash32(text) % dimensions] = 1; // empty or symbol-only input still gets a unit vector
  const norm = Math.sqrt(vector.reduce((sum, v) => sum + v * v, 0)) || 1;
  return vector.map((v) => v / norm);
}

/** The `encoding_format: "base64"` form: little-endian float32s, which the official SDKs request by default. */
export function toBase64(vector: number[]): string {
  const floats = new Float32Array(vector);
  return Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength).toString('base64');
}

export const approxTokens = (text: string) => Math.ceil(text.length / 4);

/** Accepts what the API accepts: a string, an array of strings, or token arrays (read as words). */
function inputTexts(input: unknown): string[] | undefined {
  const asText = (x: unknown) =>
    typeof x === 'string' ? x : Array.isArray(x) && x.every((t) => typeof t === 'number') ? x.map((t) => `t${t}`).join(' ') : undefined;
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input) || input.length === 0) return undefined;
  if (input.every((t) => typeof t === 'number')) return [asText(input)!];
  const texts = input.map(asText);
  return texts.every((t): t is string => t !== undefined) ? texts : undefined;
}

export function createEmbeddings(req: SandboxRequest): Reply {
  const body = parseJsonObject(req.body);
  if (!body) return invalidRequest('We could not parse the JSON body of your request.', null);
  if (typeof body.model !== 'string') return invalidRequest('you must provide a model parameter', 'model');
  const texts = inputTexts(body.input);
  if (!texts || texts.some((t) => t.length === 0)) return invalidRequest("'$.input' is invalid: expected a non-empty string or array", 'input');
  const dimensions = body.dimensions ?? DEFAULT_DIMENSIONS;
  if (!Number.isInteger(dimensions) || (dimensions as number) < 1 || (dimensions as number) > 3072) {
    return invalidRequest('dimensions must be an integer from 1 to 3072', 'dimensions');
  }
  const base64 = body.encoding_format === 'base64';
  const data = texts.map((text, index) => {
    const vector = embed(text, dimensions as number);
    return { object: 'embedding', index, embedding: base64 ? toBase64(vector) : vector };
  });
  const tokens = texts.reduce((sum, t) => sum + approxTokens(t), 0);
  return json(200, { object: 'list', data, model: body.model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
}
