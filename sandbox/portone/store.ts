// PortOne V2's payments in the sandbox, providers/portone/README.md ("Payment", "Cancel"): the shared mall's
// orders whose payment went through PortOne (paymentId = the mall's order id), each with its cancellations.
import { moduleState } from '../module-state';
import type { SandboxState } from '../state';

export const SANDBOX_STORE_ID = 'store-4f1b0e6e-2d58-4a0e-9c8b-0d7a0c9e5a11';
export const SANDBOX_MERCHANT_ID = 'merchant-8e0a6a3c-5c5e-4b0e-a7d1-3b1f0f3b2c77';

export interface PortOneCancellationRecord {
  id: string;
  pgCancellationId: string;
  totalAmount: number;
  reason: string;
  requestedAt: number;
  cancelledAt: number;
}

export interface PortOnePaymentRecord {
  id: string;
  transactionId: string;
  orderName: string;
  total: number;
  customerName: string;
  requestedAt: number;
  paidAt: number;
  updatedAt: number;
  pgTxId: string;
  cancellations: PortOneCancellationRecord[];
}

export interface PortOneSandbox {
  secrets: Set<string>;
  payments: Map<string, PortOnePaymentRecord>;
}

export const portoneStore = (state: SandboxState) =>
  moduleState<PortOneSandbox>(state, 'portone', () => ({ secrets: new Set(), payments: new Map() }));

export const cancelledAmount = (p: PortOnePaymentRecord) => p.cancellations.reduce((sum, c) => sum + c.totalAmount, 0);
