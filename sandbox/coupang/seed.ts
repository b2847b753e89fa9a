// Coupang WING Open API, providers/coupang/README.md (Order sheets): the demo vendor's boxes at start-up and the
// `POST /__sandbox/orders` hooks (docs/contract.md "Provider sandbox control") for marketplace COUPANG.
import type { SandboxState } from '../state';
import { DAY_MS } from '../time';
import { DEMO_COUPANG_CREDENTIALS } from './demo';
import { acknowledge, advance, cancelUnacknowledged, createSheet, deliver, newInvoiceNumber, ship, startDelivery } from './generate';
import { coupangStore, type OrderSheetStatus } from './store';

/** Oldest boxes are furthest along, as in a real shop; ACCEPT ones are recent so none is overdue yet. */
const SEED_PLAN: Array<[OrderSheetStatus, number]> = [
  ['FINAL_DELIVERY', 6], ['DELIVERING', 5], ['DEPARTURE', 4], ['INSTRUCT', 5], ['ACCEPT', 5],
];
const HOUR_MS = 3600_000;

export function seedSheets(state: SandboxState, vendorId: string = DEMO_COUPANG_CREDENTIALS.vendorId): void {
  const now = state.clock.now();
  const older = Array.from({ length: 20 }, () => now - Math.floor((2 + state.random() * 8) * DAY_MS)).sort((a, b) => a - b);
  const recent = Array.from({ length: 5 }, () => now - Math.floor((1 + state.random() * 39) * HOUR_MS)).sort((a, b) => a - b);
  const dates = [...older, ...recent];
  const targets = SEED_PLAN.flatMap(([status, count]) => Array<OrderSheetStatus>(count).fill(status));
  dates.forEach((paidAt, i) => {
    const sheet = createSheet(state, vendorId, paidAt);
    const step = (share: number) => paidAt + Math.floor((now - paidAt) * share);
    const target = targets[i];
    if (target === 'ACCEPT') return;
    acknowledge(sheet, step(0.05));
    if (target === 'INSTRUCT') return;
    ship(state, sheet, 'CJGLS', newInvoiceNumber(state), step(0.15));
    if (target === 'DEPARTURE') return;
    startDelivery(state, sheet, step(0.15), step(0.3));
    if (target === 'FINAL_DELIVERY') deliver(state, sheet, step(0.3), step(0.5));
  });
}

/** New ACCEPT boxes of the demo vendor, paid now; returns their orderIds. */
export function createOrders(state: SandboxState, count: number): string[] {
  const now = state.clock.now();
  return Array.from({ length: count }, () => String(createSheet(state, DEMO_COUPANG_CREDENTIALS.vendorId, now).orderId));
}

/** Moves up to `count` boxes one step on, least recently changed first; returns their orderIds. */
export function advanceOrders(state: SandboxState, count: number): string[] {
  cancelUnacknowledged(state);
  const now = state.clock.now();
  const movable = [...coupangStore(state).sheets.values()]
    .filter((s) => s.canceledAt === null && s.status !== 'FINAL_DELIVERY' && s.status !== 'NONE_TRACKING')
    .sort((a, b) => a.updatedAt - b.updatedAt || a.shipmentBoxId - b.shipmentBoxId)
    .slice(0, count);
  return movable.filter((sheet) => advance(state, sheet, now)).map((s) => String(s.orderId));
}
