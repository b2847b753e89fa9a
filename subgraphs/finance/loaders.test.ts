// The taxInvoice loader reads tax_invoices with plain SQL: one query per page, and each order gets exactly the entity
// TypeORM's find hydrates (bigint amounts as numbers, instants as Dates, nulls kept), its own tenant's only.
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../../platform/db';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database';
import { TaxInvoiceEntity } from './entities/tax-invoice';
import { PaymentCancellationEntity } from './entities/payment-cancellation';
import { TaxInvoices1732500000200 } from './migrations/1732500000200-TaxInvoices';
import { TaxInvoiceIssue1733300000200 } from './migrations/1733300000200-TaxInvoiceIssue';
import { createLoaders, type FinanceDeps } from './loaders';

let database: TestDatabase;
let db: DataSource;

beforeAll(async () => {
  database = await createTestDatabase();
  db = await openDatabase({
    url: database.url, name: 'finance', entities: [TaxInvoiceEntity, PaymentCancellationEntity], migrations: [TaxInvoices1732500000200, TaxInvoiceIssue1733300000200],
  });
});
afterAll(async () => {
  await db?.destroy();
  await database.drop();
});

// The taxInvoice loader reaches neither the PGs nor the payment cache.
const loadersFor = (tenantId: string) => createLoaders({ db } as FinanceDeps, tenantId);

test("a page's tax invoices are the entities TypeORM hydrates, each order its own and its tenant's only, in one query", async () => {
  const [issued, draft, without, otherTenants] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const invoices = db.getRepository(TaxInvoiceEntity);
  await invoices.insert([
    {
      tenantId: 'acme', orderId: issued, status: 'CONFIRMED', ntsConfirmNumber: '20261202-41000000-00000001', issuedAt: new Date('2026-12-01T03:04:05.678Z'),
      mgtKey: 'OGabc', supplyAmount: 9_007_199_254, taxAmount: 900_719_925, buyerCorpNum: '1234567891', buyerCorpName: '주식회사 테스트',
      buyerCeoName: '김대표', buyerEmail: 'tax@example.com', actor: 'user-1', claimedAt: new Date('2026-12-01T03:04:00Z'), cancelledAt: null,
    },
    { tenantId: 'acme', orderId: draft, status: 'DRAFT', issuedAt: new Date('2026-12-01T05:00:00Z'), claimedAt: new Date('2026-12-01T05:00:00Z') },
    { tenantId: 'globex', orderId: otherTenants, status: 'ISSUED', issuedAt: new Date('2026-12-01T06:00:00Z'), mgtKey: 'OGxyz', supplyAmount: 1000, taxAmount: 100 },
    { tenantId: 'globex', orderId: issued, status: 'CANCELLED', issuedAt: new Date('2026-12-01T07:00:00Z'), cancelledAt: new Date('2026-12-01T08:00:00Z') },
  ]);
  const typeorm = async (tenantId: string, orderId: string) => invoices.findOneBy({ tenantId, orderId });
  let queries = 0;
  const query = db.query.bind(db);
  db.query = ((...args: Parameters<DataSource['query']>) => (queries++, query(...args))) as DataSource['query'];
  try {
    const loaders = loadersFor('acme');
    const page = await Promise.all([without, issued, draft, otherTenants, issued].map((id) => loaders.taxInvoice.load(id)));
    expect(queries).toBe(1);
    expect(page).toStrictEqual([null, await typeorm('acme', issued), await typeorm('acme', draft), null, await typeorm('acme', issued)]);
    expect(page[1]).toMatchObject({ supplyAmount: 9_007_199_254, taxAmount: 900_719_925, issuedAt: new Date('2026-12-01T03:04:05.678Z') });
    expect(page[2]).toMatchObject({ status: 'DRAFT', mgtKey: null, supplyAmount: null, taxAmount: null, cancelledAt: null });
    const globex = await Promise.all([issued, otherTenants].map((id) => loadersFor('globex').taxInvoice.load(id)));
    expect(globex).toStrictEqual([await typeorm('globex', issued), await typeorm('globex', otherTenants)]);
  } finally {
    db.query = query;
  }
});
