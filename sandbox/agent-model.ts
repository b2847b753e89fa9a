// The sandbox LLMs' deterministic agent: both LLM modules play it (chat-completion tool_calls, Messages tool_use),
// each writing its own wire format around it. Given the question and the tool calls made since, it decides the next move:
// - a question naming an order number (digits, maybe with dashes) calls find_order with it;
// - the order found, a question about delivery calls order_shipments, one about payment or invoices order_payment;
// - then it answers from the results: the carrier, tracking number and status, or the payment and invoice number;
// - nothing found: it says so; a question containing `#tool-loop` calls search_knowledge again and again (the
//   runaway model a loop bound must stop).

export interface CallMade {
  name: string;
  input: Record<string, unknown>;
  /** The tool result's text as sent back. */
  result: string;
}

export type AgentMove = { kind: 'call'; name: string; input: Record<string, unknown> } | { kind: 'answer'; text: string } | { kind: 'none' };

const ORDER_NUMBER = /\d[\d-]{5,}\d/;
const ABOUT_DELIVERY = /배송|택배|송장|운송장|도착|어디|deliver|ship|track|parcel/i;
const ABOUT_PAYMENT = /결제|환불|세금계산서|계산서|영수증|payment|paid|invoice|refund/i;
export const TOOL_LOOP_MARKER = '#tool-loop';

interface Money { amount?: number }
/** What the assistant's tools send back (subgraphs/ai/agent/tools.ts), as far as the answer quotes it. */
interface ToolResultBody {
  error?: string;
  found?: boolean;
  order?: { id?: string; externalId?: string; status?: string };
  shipments?: Array<{ carrier?: string; trackingNumber?: string; status?: string; lastEvent?: { description?: string } | null }>;
  payment?: { status?: string; amount?: Money } | null;
  taxInvoice?: { status?: string; mgtKey?: string | null } | null;
  documents?: Array<{ title?: string; snippet?: string }>;
}

const parse = (text: string): ToolResultBody | null => {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value) : null;
  } catch {
    return null;
  }
};

/** The next move, or `none` when the tools offered do not fit the question (the caller answers in plain text). */
export function nextAgentMove(question: string, tools: string[], made: CallMade[]): AgentMove {
  const korean = /[\uac00-\ud7a3]/.test(question);
  const offered = (name: string) => tools.includes(name);
  // Only the assistant's tools are played: any other tool set keeps each module's older behaviour.
  if (!offered('order_shipments') && !offered('search_knowledge')) return { kind: 'none' };
  if (question.includes(TOOL_LOOP_MARKER) && offered('search_knowledge')) {
    return { kind: 'call', name: 'search_knowledge', input: { query: `${question.replace(TOOL_LOOP_MARKER, '').trim()} ${made.length + 1}` } };
  }
  const number = ORDER_NUMBER.exec(question)?.[0];
  if (!number || !offered('find_order')) return made.length ? { kind: 'answer', text: fromResults(made, korean) } : { kind: 'none' };
  const lookup = made.find((call) => call.name === 'find_order');
  if (!lookup) return { kind: 'call', name: 'find_order', input: { marketplaceOrderNumber: number } };
  const found = parse(lookup.result);
  const orderId = found?.found ? found.order?.id : undefined;
  if (!orderId) {
    return { kind: 'answer', text: korean ? `주문번호 ${number}에 해당하는 주문을 찾을 수 없습니다.` : `I could not find an order with number ${number}.` };
  }
  if (ABOUT_DELIVERY.test(question) && offered('order_shipments') && !made.some((c) => c.name === 'order_shipments')) {
    return { kind: 'call', name: 'order_shipments', input: { orderId } };
  }
  if (ABOUT_PAYMENT.test(question) && offered('order_payment') && !made.some((c) => c.name === 'order_payment')) {
    return { kind: 'call', name: 'order_payment', input: { orderId } };
  }
  return { kind: 'answer', text: fromResults(made, korean) };
}

/** An answer quoting what the tools found: order status, parcels, payment and invoice. */
function fromResults(made: CallMade[], korean: boolean): string {
  const parts: string[] = [];
  for (const call of made) {
    const value = parse(call.result);
    if (!value || value.error) { parts.push(korean ? `${call.name} 조회 실패` : `${call.name} failed`); continue; }
    if (value.found === false) { parts.push(korean ? '조회 결과 없음' : 'nothing found'); continue; }
    if (value.order) parts.push(`${korean ? '주문' : 'order'} ${value.order.externalId} (${value.order.status})`);
    for (const s of value.shipments ?? []) {
      parts.push(`${korean ? '택배' : 'parcel'} ${s.carrier} ${s.trackingNumber}: ${s.status}${s.lastEvent?.description ? ` (${s.lastEvent.description})` : ''}`);
    }
    if (value.shipments && !value.shipments.length) parts.push(korean ? '등록된 송장 없음' : 'no parcels yet');
    if ('payment' in value) parts.push(`${korean ? '결제' : 'payment'} ${value.payment ? `${value.payment.status} ${value.payment.amount?.amount ?? ''}`.trim() : (korean ? '없음' : 'none')}`);
    if (value.taxInvoice) parts.push(`${korean ? '세금계산서' : 'tax invoice'} ${value.taxInvoice.status} ${value.taxInvoice.mgtKey ?? ''}`.trim());
    for (const d of value.documents ?? []) parts.push(`${d.title}: ${d.snippet}`);
  }
  const found = parts.join('; ');
  return korean ? `조회 결과: ${found}.` : `From the look-up: ${found}.`;
}
