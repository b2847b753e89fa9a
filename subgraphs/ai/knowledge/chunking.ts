// Documents are cut into chunks of whole paragraphs (sentences when a paragraph is long), at most MAX_CHUNK_CHARS
// each. Each chunk is embedded with its document's title in front, so a chunk keeps the subject the title names;
// the hash is of exactly that embedded text, so an update re-embeds only the chunks whose text (or title) changed.
import { createHash } from 'node:crypto';

export const MAX_CHUNK_CHARS = 600;

export interface Chunk {
  position: number;
  /** What is searched and shown as the snippet. */
  text: string;
  /** What is embedded: title and text. */
  embedded: string;
  hash: string;
}

function pieces(body: string): string[] {
  const paragraphs = body.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean);
  return paragraphs.flatMap((paragraph) => {
    if (paragraph.length <= MAX_CHUNK_CHARS) return [paragraph];
    const sentences = paragraph.match(/[^.!?。]+[.!?。]*\s*/g) ?? [paragraph];
    return sentences.flatMap((s) => {
      const out: string[] = [];
      for (let i = 0; i < s.length; i += MAX_CHUNK_CHARS) out.push(s.slice(i, i + MAX_CHUNK_CHARS).trim());
      return out.filter(Boolean);
    });
  });
}

export function chunkDocument(title: string, body: string, model: string): Chunk[] {
  const chunks: string[] = [];
  for (const piece of pieces(body)) {
    const last = chunks.length - 1;
    if (last >= 0 && chunks[last].length + 1 + piece.length <= MAX_CHUNK_CHARS) chunks[last] = `${chunks[last]} ${piece}`;
    else chunks.push(piece);
  }
  return chunks.map((text, position) => {
    const embedded = `${title}\n${text}`;
    return { position, text, embedded, hash: createHash('sha256').update(`${model}\n${embedded}`).digest('hex') };
  });
}
