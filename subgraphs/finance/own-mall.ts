// Own-mall (Cafe24) orders are paid through the mall's payment gateways: Toss Payments (orderId = the mall's order
// id) and PortOne V2 (paymentId = the mall's order id). A tenant with its own PortOne key takes payments through
// PortOne too, so its orders are looked up there first (one call, 404 = not PortOne's) and then at Toss; a tenant
// without one costs exactly the Toss call it always did. The answer is cached with its provider (cache.ts).
import type { Keyring } from '../../keyring/keyring';
import { PortOneClient, type PortOneCancellation, type PortOnePayment } from '../../providers/portone';
import { TossClient, type TossPayment } from '../../providers/toss';
import { fromPortOne, fromToss, portoneBalance, tossBalance } from './payments';
import type { Payment } from './schema/types';

export type OwnMallProvider = 'TOSS' | 'PORTONE';

/** A payment as cancelPayment needs it: where it lives, its id there, and what is left to refund. */
export interface FoundPayment {
  payment: Payment;
  provider: OwnMallProvider;
  /** Toss paymentKey or PortOne paymentId. */
  ref: string;
  balance: number;
}

export interface CancelInput {
  amount: number;
  reason: string;
  /** Sent to Toss as Idempotency-Key: the same cancel retried is replayed by Toss, not refunded again. */
  idempotencyKey: string;
  /** What was left when this cancel started; PortOne refuses the cancel when that is no longer so. */
  balanceBefore: number;
}

export interface OwnMallDeps { keyring: Keyring; tossBaseUrl: string; portoneBaseUrl: string }

/** How long "does this tenant take PortOne payments" is remembered: a new PortOne key is used within this. */
const USES_PORTONE_TTL_MS = 5_000;
const USES_PORTONE_MAX = 10_000;

export class OwnMallPayments {
  private readonly usesPortOneMemo = new Map<string, { at: number; value: Promise<boolean> }>();

  constructor(private readonly deps: OwnMallDeps) {}

  /**
   * Whether the tenant has PortOne keys of its own (a shared-pool PortOne key would be another merchant's store), in
   * any status: a disabled key still means PortOne took some of its orders, which must then fail (NO_PROVIDER_KEY)
   * rather than read as unpaid.
   */
  usesPortOne(tenantId: string): Promise<boolean> {
    const memo = this.usesPortOneMemo.get(tenantId);
    if (memo && Date.now() - memo.at < USES_PORTONE_TTL_MS) return memo.value;
    const value = this.deps.keyring.listKeys(tenantId, 'PORTONE').then((keys) => keys.length > 0);
    // Bounded: tenant ids come from tokens and webhook URLs.
    if (this.usesPortOneMemo.size >= USES_PORTONE_MAX) this.usesPortOneMemo.clear();
    this.usesPortOneMemo.set(tenantId, { at: Date.now(), value });
    value.catch(() => this.usesPortOneMemo.delete(tenantId));
    return value;
  }

  /**
   * An order is paid through one PG: when PortOne fails, Toss's answer still settles an order Toss took, and only an
   * order Toss does not have fails with PortOne's error (it may be PortOne's), rather than reading as unpaid.
   */
  async find(tenantId: string, mallOrderId: string): Promise<FoundPayment | null> {
    let portoneFailure: Error | null = null;
    if (await this.usesPortOne(tenantId)) {
      try {
        const portone = await this.portone(tenantId, 'getPayment', (client) => client.getPayment(mallOrderId));
        if (portone) return { payment: fromPortOne(portone), provider: 'PORTONE', ref: mallOrderId, balance: portoneBalance(portone) };
      } catch (error) {
        portoneFailure = error instanceof Error ? error : new Error(String(error));
      }
    }
    const toss = await this.toss(tenantId, 'getPaymentByOrderId', (client) => client.getPaymentByOrderId(mallOrderId));
    if (toss) return { payment: fromToss(toss), provider: 'TOSS', ref: toss.paymentKey, balance: tossBalance(toss) };
    if (portoneFailure) throw portoneFailure;
    return null;
  }

  /** Cancels `amount` of the payment at its provider; answers the payment as the provider has it afterwards. */
  async cancel(tenantId: string, found: FoundPayment, input: CancelInput): Promise<Payment> {
    if (found.provider === 'TOSS') {
      const after = await this.toss(tenantId, 'cancelPayment', (client) =>
        client.cancelPayment(found.ref, { cancelReason: input.reason, cancelAmount: input.amount }, input.idempotencyKey));
      return fromToss(after);
    }
    await this.portone<PortOneCancellation>(tenantId, 'cancelPayment', (client) =>
      client.cancelPayment({ paymentId: found.ref, amount: input.amount, reason: input.reason, currentCancellableAmount: input.balanceBefore }));
    const after = await this.portone(tenantId, 'getPayment', (client) => client.getPayment(found.ref));
    return after ? fromPortOne(after) : found.payment;
  }

  private toss<T>(tenantId: string, operation: string, run: (client: TossClient) => Promise<T>): Promise<T> {
    return this.deps.keyring.call<{ secretKey: string }, T>({ tenantId, provider: 'TOSS', operation }, (lease) =>
      run(new TossClient({ baseUrl: this.deps.tossBaseUrl, secretKey: lease.credentials.secretKey })));
  }

  private portone<T>(tenantId: string, operation: string, run: (client: PortOneClient) => Promise<T>): Promise<T> {
    return this.deps.keyring.call<{ apiSecret: string }, T>({ tenantId, provider: 'PORTONE', operation }, (lease) =>
      run(new PortOneClient({ baseUrl: this.deps.portoneBaseUrl, apiSecret: lease.credentials.apiSecret })));
  }
}

export type { PortOnePayment, TossPayment };
