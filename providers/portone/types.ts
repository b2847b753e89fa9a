// PortOne REST API V2 objects as the official SDK types them (providers/portone/README.md "Payment").
// Money is an integer in the currency's smallest unit (KRW: won); instants are RFC 3339.
import type { Payment, Webhook } from '@portone/server-sdk';

export type PortOnePayment = Payment.Payment;
export type PortOneCancellation = Payment.PaymentCancellation;
export type PortOneWebhook = Webhook.Webhook;
