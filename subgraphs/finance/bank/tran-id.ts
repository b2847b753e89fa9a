// bank_tran_id (providers/openbanking/README.md "bank_tran_id"): 이용기관코드 (10) + 'U' + 9 characters unique for
// the day. The 9 characters are a per-day, per-institution counter in PostgreSQL: one UPSERT … RETURNING is atomic,
// so two replicas (or two processes) never draw the same number, and KFTC never sees a duplicate.
import type { DataSource } from 'typeorm';
import { bankTranId, kstDate } from '../../../providers/openbanking';

export function bankTranIds(db: DataSource, orgCode: string, now: () => number = Date.now): () => Promise<string> {
  return async () => {
    const [row] = await db.query<Array<{ last: number }>>(
      `INSERT INTO openbanking_tran_ids (org_code, day, last) VALUES ($1, $2, 1)
       ON CONFLICT (org_code, day) DO UPDATE SET last = openbanking_tran_ids.last + 1
       RETURNING last`,
      [orgCode, kstDate(now())],
    );
    return bankTranId(orgCode, Number(row.last));
  };
}
