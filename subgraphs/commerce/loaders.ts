// Per-request DataLoaders: the gateway resolves a page of order references in one _entities call,
// which becomes one query here, scoped to the caller's tenant.
import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { OrderEntity } from './entities/order';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createLoaders(db: DataSource, tenantId: string) {
  return {
    order: new DataLoader<string, OrderEntity | null>(async (ids) => {
      const valid = ids.filter((id) => UUID.test(id));
      const rows = valid.length
        ? await db.getRepository(OrderEntity).find({ where: { id: In(valid), tenantId } })
        : [];
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}
