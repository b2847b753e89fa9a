// Test-only: documented streams (a fixture whose `response.body` is the SSE body as text) and the sandbox's streams
// compared event by event: the same kinds of event in the same order, each with the documented shape.
import { shapeDifferences } from './fixtures';

export interface SseEvent {
  /** The `event:` line, when the stream names its events (Anthropic does, OpenAI does not). */
  event?: string;
  /** The `data:` JSON, or the literal text when it is not JSON (OpenAI's `[DONE]`). */
  data: unknown;
}

/** The events of an SSE body: blocks separated by a blank line; a last block without one still counts. */
export function parseSse(text: string): SseEvent[] {
  return text.split(/\r?\n\r?\n/).flatMap((block): SseEvent[] => {
    const lines = block.split(/\r?\n/);
    const event = lines.find((line) => line.startsWith('event:'))?.slice(6).trim();
    const data = lines.filter((line) => line.startsWith('data:')).map((line) => line.slice(5).replace(/^ /, '')).join('\n');
    if (!data) return [];
    let parsed: unknown = data;
    try { parsed = JSON.parse(data); } catch { /* [DONE] and other plain text stay text */ }
    return [{ ...(event ? { event } : {}), data: parsed }];
  });
}

/** Names an event's kind (e.g. `content_block_delta:text_delta`); runs of the same kind count as one. */
export type EventKind = (event: SseEvent) => string;

const collapse = (kinds: string[]): string[] => kinds.filter((kind, i) => kind !== kinds[i - 1]);

/**
 * The differences between a streamed answer and a documented stream: the kinds of event in order (runs of one kind
 * collapsed: how many deltas a text takes is the model's business), an `event:` name that is not the data's `type`,
 * then each event's shape against a documented event of its kind (the closest one, if several documented streams are
 * given). `nullable` as for shapeDifferences, with paths inside one event's data.
 */
export function streamDifferences(actual: SseEvent[], documented: SseEvent[][], kindOf: EventKind, options: { nullable?: string[] } = {}): string[] {
  const [order] = documented;
  const want = collapse(order.map(kindOf));
  const got = collapse(actual.map(kindOf));
  const out: string[] = [];
  if (want.join(' ') !== got.join(' ')) out.push(`event order: documented ${want.join(' → ')}, answered ${got.join(' → ')}`);
  const examples = documented.flat();
  actual.forEach((event, i) => {
    const kind = kindOf(event);
    const type = (event.data as { type?: unknown } | null)?.type;
    if (event.event !== undefined && typeof type === 'string' && event.event !== type) out.push(`#${i} ${kind}: event "${event.event}" carries type "${type}"`);
    const candidates = examples.filter((example) => kindOf(example) === kind);
    if (!candidates.length) {
      out.push(`#${i} ${kind}: no documented event of this kind`);
      return;
    }
    const best = candidates.map((example) => shapeDifferences(event.data, example.data, options))
      .reduce((a, b) => (b.length < a.length ? b : a));
    out.push(...best.map((difference) => `#${i} ${kind}: ${difference}`));
  });
  return out;
}

/** Throws with every difference when the stream drifts from the documented ones (the first gives the order). */
export function expectDocumentedStream(actual: SseEvent[], documented: SseEvent[][], kindOf: EventKind, options: { nullable?: string[] } = {}): void {
  const differences = streamDifferences(actual, documented, kindOf, options);
  if (differences.length > 0) throw new Error(`the stream drifts from the documented example:\n  ${differences.join('\n  ')}`);
}

/** Anthropic's kinds: the event type, with the block's or delta's type where it has one. */
export const anthropicEventKind: EventKind = ({ data }) => {
  const d = data as { type?: string; content_block?: { type?: string }; delta?: { type?: string } };
  const sub = d.type === 'content_block_start' ? d.content_block?.type : d.type === 'content_block_delta' ? d.delta?.type : undefined;
  return sub ? `${d.type}:${sub}` : String(d.type);
};

/** OpenAI's kinds: the first chunk (role), text, tool calls, the finish chunk, the usage chunk, `[DONE]`. */
export const openAIChunkKind: EventKind = ({ data }) => {
  if (typeof data === 'string') return data;
  const chunk = data as { choices?: Array<{ delta?: Record<string, unknown>; finish_reason?: unknown }> };
  const [choice] = chunk.choices ?? [];
  if (!choice) return 'usage';
  if (choice.finish_reason) return 'finish';
  if (choice.delta?.role) return 'role';
  if (choice.delta?.tool_calls) return 'tool_calls';
  return 'content';
};
