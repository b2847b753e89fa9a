// issueTaxInvoice / cancelTaxInvoice / Order.taxInvoice: electronic tax invoices (전자세금계산서) through Popbill
// (providers/popbill), for paid orders to business buyers. One invoice per order, never two:
// - The Popbill management key (문서번호) is derived from the tenant and the order (`mgtKeyFor`), so every attempt
//   of one order, on any replica, asks Popbill for the same document, and Popbill refuses a second one.
// - One attempt per order at a time across replicas: the order's `DRAFT` row is the claim (unique per tenant and
//   order). Concurrent calls wait for it and answer its result; a claim older than two minutes was abandoned and is
//   taken over.
// - Any failed RegistIssue is followed by a GetInfo of the key: an invoice that exists (an earlier attempt whose
//   answer was lost, a timeout after Popbill issued it, a duplicate-key refusal) is adopted, not issued again.
// Reading an invoice that is issued but not yet filed asks Popbill for its state, so the NTS confirmation shows up
// once the NTS has accepted it.
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Keyring } from '../../keyring/keyring';
import { badUserInput, rateLimited } from '../../platform/errors';
import { ProviderError } from '../../providers/errors';
import { PopbillClient, type PopbillTaxinvoiceInfo } from '../../providers/popbill';
import { providerFailure } from '../shared/provider-errors';
import { TaxInvoiceEntity } from './entities/tax-invoice';
import { TaxInvoiceStatus } from './schema/types';

export interface TaxInvoiceDeps {
  db: DataSource;
  keyring: Keyring;
  popbillBaseUrl: string;
  /** How long an issue waits for another attempt of the same order (default 20 s). */
  waitMs?: number;
}

export interface TaxInvoiceBuyer { corpNum: string; corpName: string; ceoName?: string | null; email?: string | null }

interface PopbillCredentials { linkId: string; secretKey: string; corpNum: string; corpName?: string; ceoName?: string }

const ABANDONED_MS = 120_000;
const POLL_MS = 50;
/** Order statuses that mean "paid": an invoice for anything else would tax money not received. */
const PAID = new Set(['PAID', 'PREPARING', 'SHIPPING', 'DELIVERED', 'PURCHASE_CONFIRMED', 'EXCHANGE_REQUESTED', 'EXCHANGED']);
/** Invoices Popbill may still move on (NTS filing): read back when shown. */
const IN_FLIGHT = new Set<string>([TaxInvoiceStatus.ISSUED, TaxInvoiceStatus.SENT_TO_NTS]);

/** Popbill's 문서번호 for an order: `OG` + 22 base64url characters of sha256(tenant, order) — 24 characters of [A-Za-z0-9_-]. */
export function mgtKeyFor(tenantId: string, orderId: string): string {
  return `OG${createHash('sha256').update(`opsgraph:taxinvoice:${tenantId}:${orderId}`).digest('base64url').slice(0, 22)}`;
}

/** Popbill's stateCode (README "GetInfo") as the GraphQL status. */
export function statusOf(stateCode: number): TaxInvoiceStatus {
  if (stateCode === 600) return TaxInvoiceStatus.CANCELLED;
  if (stateCode === 304) return TaxInvoiceStatus.CONFIRMED;
  if (stateCode === 305) return TaxInvoiceStatus.FAILED;
  if (stateCode >= 301 && stateCode <= 303) return TaxInvoiceStatus.SENT_TO_NTS;
  if (stateCode === 300) return TaxInvoiceStatus.ISSUED;
  return TaxInvoiceStatus.DRAFT;
}

const statusOfRow = (row: TaxInvoiceEntity) => row.status as TaxInvoiceStatus;

/** A 사업자등록번호: 10 digits whose last is the check digit (weights 1,3,7,1,3,7,1,3,5). */
export function validCorpNum(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false;
  const d = [...value].map(Number);
  const weights = [1, 3, 7, 1, 3, 7, 1, 3, 5];
  let sum = weights.reduce((total, w, i) => total + w * d[i], 0);
  sum += Math.floor((d[8] * 5) / 10);
  return (10 - (sum % 10)) % 10 === d[9];
}

/** 과세 10%: the VAT-inclusive total split into 공급가액 and 세액 (the supply rounded to the won). */
export function splitVat(total: number): { supply: number; tax: number } {
  const supply = Math.round((total * 10) / 11);
  return { supply, tax: total - supply };
}

function checkBuyer(buyer: TaxInvoiceBuyer): TaxInvoiceBuyer {
  const corpNum = buyer.corpNum.replace(/-/g, '').trim();
  if (!validCorpNum(corpNum)) throw badUserInput('buyer.corpNum must be a 사업자등록번호: 10 digits with a valid check digit', 'buyer.corpNum');
  const corpName = buyer.corpName.trim();
  if (corpName.length === 0 || corpName.length > 200) throw badUserInput('buyer.corpName must be 1 to 200 characters', 'buyer.corpName');
  const email = buyer.email?.trim() || null;
  if (email && (email.length > 100 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))) throw badUserInput('buyer.email is not an e-mail address', 'buyer.email');
  const ceoName = buyer.ceoName?.trim() || null;
  if (ceoName && ceoName.length > 100) throw badUserInput('buyer.ceoName must be at most 100 characters', 'buyer.ceoName');
  return { corpNum, corpName, ceoName, email };
}

const isUniqueViolation = (error: unknown) => (error as { driverError?: { code?: string } })?.driverError?.code === '23505'
  || (error as { code?: string })?.code === '23505';

interface InvoiceableOrder { id: string; total: number; currency: string; status: string; orderedAt: Date; itemName: string }

async function findOrder(db: DataSource, tenantId: string, orderId: string): Promise<InvoiceableOrder | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(orderId)) return null;
  const rows: Array<{ id: string; total_amount: string; currency: string; status: string; ordered_at: Date; items: Array<{ name?: string }> }> = await db.query(
    'SELECT id, total_amount, currency, status, ordered_at, items FROM orders WHERE tenant_id = $1 AND id = $2', [tenantId, orderId],
  );
  const row = rows[0];
  if (!row) return null;
  const items = Array.isArray(row.items) ? row.items : [];
  const first = items[0]?.name ?? '상품';
  return {
    id: row.id, total: Number(row.total_amount), currency: row.currency, status: row.status, orderedAt: new Date(row.ordered_at),
    itemName: items.length > 1 ? `${first} 외 ${items.length - 1}건` : first,
  };
}

// One client per key and base URL, so a LinkHub session token serves every call until it expires.
const clients = new Map<string, PopbillClient>();
function clientFor(baseUrl: string, credentials: PopbillCredentials): PopbillClient {
  const id = createHash('sha256').update(JSON.stringify([baseUrl, credentials.linkId, credentials.secretKey, credentials.corpNum])).digest('hex');
  let client = clients.get(id);
  if (!client) {
    if (clients.size > 1000) clients.clear();
    client = new PopbillClient({ baseUrl, linkId: credentials.linkId, secretKey: credentials.secretKey, corpNum: credentials.corpNum });
    clients.set(id, client);
  }
  return client;
}

function popbill<T>(deps: TaxInvoiceDeps, tenantId: string, operation: string, run: (client: PopbillClient, credentials: PopbillCredentials) => Promise<T>): Promise<T> {
  return deps.keyring.call<PopbillCredentials, T>({ tenantId, provider: 'POPBILL', operation }, (lease) =>
    run(clientFor(deps.popbillBaseUrl, lease.credentials), lease.credentials));
}

/** A Popbill refusal of the document is the caller's to fix (BAD_USER_INPUT); anything else is Popbill being away. */
export function popbillFailure(error: unknown, field: string) {
  if (error instanceof ProviderError && (error.kind === 'bad_request' || error.kind === 'not_found')) {
    return badUserInput(`Popbill refused: ${error.providerCode ?? error.status ?? ''} ${error.message.replace(/^.*?Popbill answered -?\d+ ?/, '')}`.trim(), field);
  }
  return providerFailure('Popbill', error);
}

/** The row brought up to what Popbill says (status, NTS confirmation once filed). */
function applyInfo(row: TaxInvoiceEntity, info: PopbillTaxinvoiceInfo): Partial<TaxInvoiceEntity> {
  const status = statusOf(info.stateCode);
  return {
    status,
    ntsConfirmNumber: status === TaxInvoiceStatus.CONFIRMED ? info.ntsconfirmNum : null,
    cancelledAt: status === TaxInvoiceStatus.CANCELLED ? row.cancelledAt ?? new Date() : null,
  };
}

export async function issueTaxInvoice(deps: TaxInvoiceDeps, tenantId: string, actor: string, orderId: string, buyerInput: TaxInvoiceBuyer | null): Promise<TaxInvoiceEntity> {
  const order = await findOrder(deps.db, tenantId, orderId);
  if (!order) throw badUserInput(`Order "${orderId}" does not exist`, 'orderId');
  const repo = deps.db.getRepository(TaxInvoiceEntity);
  const deadline = Date.now() + (deps.waitMs ?? 20_000);
  const buyer = buyerInput ? checkBuyer(buyerInput) : null;
  for (;;) {
    const existing = await repo.findOneBy({ tenantId, orderId: order.id });
    if (existing && statusOfRow(existing) !== TaxInvoiceStatus.DRAFT) return existing; // issued already: the same invoice
    if (!existing) {
      if (!PAID.has(order.status)) throw badUserInput(`Order "${order.id}" is ${order.status}: only a paid order gets a tax invoice`, 'orderId');
      if (order.currency !== 'KRW' || !Number.isSafeInteger(order.total) || order.total <= 0) {
        throw badUserInput(`Order "${order.id}" has no positive amount in won to invoice`, 'orderId');
      }
      if (!buyer) throw badUserInput('buyer (사업자등록번호, 상호) is needed to issue the first tax invoice of an order', 'buyer');
      const { supply, tax } = splitVat(order.total);
      try {
        const claimed = await repo.save(repo.create({
          tenantId, orderId: order.id, status: TaxInvoiceStatus.DRAFT, ntsConfirmNumber: null, issuedAt: new Date(),
          mgtKey: mgtKeyFor(tenantId, order.id), supplyAmount: supply, taxAmount: tax, buyerCorpNum: buyer.corpNum,
          buyerCorpName: buyer.corpName, buyerCeoName: buyer.ceoName ?? null, buyerEmail: buyer.email ?? null, actor,
          claimedAt: new Date(), cancelledAt: null,
        }));
        return await run(deps, claimed, order);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        continue; // another attempt of this order holds the claim: wait for it
      }
    }
    if (existing.claimedAt && Date.now() - existing.claimedAt.getTime() > ABANDONED_MS) {
      // Atomic: of the waiters that see it abandoned, the one whose UPDATE lands first takes it over.
      const [, affected]: [unknown, number] = await repo.query(
        `UPDATE tax_invoices SET claimed_at = now(), actor = $2 WHERE id = $1 AND status = 'DRAFT' AND claimed_at < now() - ($3 || ' milliseconds')::interval`,
        [existing.id, actor, String(ABANDONED_MS)],
      );
      if (affected === 1) return run(deps, { ...existing, actor }, order);
    }
    if (Date.now() > deadline) throw rateLimited(`Another issue of the tax invoice of order ${order.id}`, 5);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function run(deps: TaxInvoiceDeps, row: TaxInvoiceEntity, order: InvoiceableOrder): Promise<TaxInvoiceEntity> {
  const repo = deps.db.getRepository(TaxInvoiceEntity);
  const mgtKey = row.mgtKey!;
  try {
    await popbill(deps, row.tenantId, 'registIssue', (client, seller) => client.registIssue({
      writeDate: kstDate(new Date()),
      chargeDirection: '정과금', issueType: '정발행', purposeType: '영수', taxType: '과세',
      invoicerCorpNum: seller.corpNum, invoicerMgtKey: mgtKey,
      invoicerCorpName: seller.corpName ?? seller.corpNum, invoicerCEOName: seller.ceoName ?? seller.corpName ?? seller.corpNum,
      invoiceeType: '사업자', invoiceeCorpNum: row.buyerCorpNum!, invoiceeCorpName: row.buyerCorpName!,
      invoiceeCEOName: row.buyerCeoName ?? row.buyerCorpName!, ...(row.buyerEmail ? { invoiceeEmail1: row.buyerEmail } : {}),
      supplyCostTotal: String(row.supplyAmount), taxTotal: String(row.taxAmount), totalAmount: String(order.total),
      detailList: [{ serialNum: 1, purchaseDT: kstDate(order.orderedAt), itemName: order.itemName.slice(0, 100), supplyCost: String(row.supplyAmount), tax: String(row.taxAmount) }],
    }));
    const issued = { status: TaxInvoiceStatus.ISSUED, issuedAt: new Date(), claimedAt: null };
    await repo.update({ id: row.id }, issued);
    return { ...row, ...issued };
  } catch (error) {
    // Issued after all? (an earlier attempt's lost answer, a timeout after Popbill took it, a duplicate key)
    const info = await popbill(deps, row.tenantId, 'getInfo', (client) => client.getInfo(mgtKey)).catch(() => null);
    if (info) {
      const adopted = { ...applyInfo(row, info), issuedAt: new Date(), claimedAt: null };
      await repo.update({ id: row.id }, adopted);
      return { ...row, ...adopted };
    }
    // Not issued: give the claim back, so a retry (same key) can try again.
    await repo.delete({ id: row.id, status: TaxInvoiceStatus.DRAFT });
    throw popbillFailure(error, 'orderId');
  }
}

/** The order's invoice as Popbill has it now (while issued and not yet filed); the stored one if Popbill is away. */
export async function currentTaxInvoice(deps: TaxInvoiceDeps, row: TaxInvoiceEntity): Promise<TaxInvoiceEntity> {
  if (!IN_FLIGHT.has(row.status) || !row.mgtKey) return row;
  const info = await popbill(deps, row.tenantId, 'getInfo', (client) => client.getInfo(row.mgtKey!)).catch(() => null);
  if (!info) return row;
  const changes = applyInfo(row, info);
  if (changes.status !== row.status || changes.ntsConfirmNumber !== row.ntsConfirmNumber) {
    await deps.db.getRepository(TaxInvoiceEntity).update({ id: row.id }, changes);
  }
  return { ...row, ...changes };
}

export async function cancelTaxInvoice(deps: TaxInvoiceDeps, tenantId: string, orderId: string, reason: string | null): Promise<TaxInvoiceEntity> {
  const memo = (reason ?? '').trim();
  if (memo.length > 200) throw badUserInput('reason must be at most 200 characters', 'reason');
  const stored = /^[0-9a-f-]{36}$/i.test(orderId) ? await deps.db.getRepository(TaxInvoiceEntity).findOneBy({ tenantId, orderId }) : null;
  if (!stored || statusOfRow(stored) === TaxInvoiceStatus.DRAFT) throw badUserInput(`Order "${orderId}" has no issued tax invoice`, 'orderId');
  if (statusOfRow(stored) === TaxInvoiceStatus.CANCELLED) return stored;
  try {
    await popbill(deps, tenantId, 'cancelIssue', (client) => client.cancelIssue(stored.mgtKey!, memo));
  } catch (error) {
    // Cancelled meanwhile (a concurrent or retried cancel) is done; filed to the NTS needs a 수정세금계산서.
    const now = await currentTaxInvoice(deps, stored);
    const status = statusOfRow(now);
    if (status === TaxInvoiceStatus.CANCELLED) return now;
    if (status === TaxInvoiceStatus.CONFIRMED || status === TaxInvoiceStatus.SENT_TO_NTS) {
      throw badUserInput(`The tax invoice of order "${orderId}" is already filed to the NTS: it is corrected with a 수정세금계산서, not cancelled`, 'orderId');
    }
    throw popbillFailure(error, 'orderId');
  }
  const cancelled = { status: TaxInvoiceStatus.CANCELLED, cancelledAt: new Date(), ntsConfirmNumber: null };
  await deps.db.getRepository(TaxInvoiceEntity).update({ id: stored.id }, cancelled);
  return { ...stored, ...cancelled };
}

/** yyyyMMdd in KST, Popbill's writeDate. */
function kstDate(at: Date): string {
  return new Date(at.getTime() + 9 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
}
