// The latest AfterShip state per (tenant, slug, tracking number), and the webhook events already applied.
// Lookups and webhooks both write here under one rule: an older state (by AfterShip's updated_at, then the
// checkpoint count) never replaces a newer one, so a slow lookup or a late retry cannot undo a fresher update.
import type { DataSource, EntityManager } from 'typeorm';
import type { AfterShipTracking, AfterShipWebhookEvent } from '../../providers/aftership';
import type { Shipment } from './schema/types';
import { reviveShipment } from './cache';

export interface AfterShipState {
  tracking: AfterShipTracking;
  shipment: Shipment;
  /** When AfterShip's updated_at does not parse: the event's time for a webhook, now for a lookup. */
  fallbackUpdatedAt: Date;
  eventId?: string;
}

function updatedAt(state: AfterShipState): Date {
  const parsed = Date.parse(state.tracking.updated_at);
  return Number.isFinite(parsed) ? new Date(parsed) : state.fallbackUpdatedAt;
}

export type WebhookOutcome = 'applied' | 'duplicate' | 'stale' | 'ignored';

export class AfterShipStore {
  constructor(private readonly db: DataSource) {}

  async afterShipId(tenantId: string, slug: string, trackingNumber: string): Promise<string | null> {
    const rows: Array<{ aftership_id: string }> = await this.db.query(
      'SELECT aftership_id FROM aftership_trackings WHERE tenant_id = $1 AND slug = $2 AND tracking_number = $3',
      [tenantId, slug, trackingNumber],
    );
    return rows[0]?.aftership_id ?? null;
  }

  async shipment(tenantId: string, slug: string, trackingNumber: string): Promise<Shipment | null> {
    const rows: Array<{ shipment: Shipment }> = await this.db.query(
      'SELECT shipment FROM aftership_trackings WHERE tenant_id = $1 AND slug = $2 AND tracking_number = $3',
      [tenantId, slug, trackingNumber],
    );
    return rows[0] ? reviveShipment(rows[0].shipment) : null;
  }

  /** Stores `state` unless a newer one is stored already; true when `state` is now the stored one. */
  save(tenantId: string, state: AfterShipState, manager: EntityManager = this.db.manager): Promise<boolean> {
    const { tracking } = state;
    return manager
      .query(
        `INSERT INTO aftership_trackings AS stored
           (tenant_id, slug, tracking_number, aftership_id, tag, shipment, provider_updated_at, checkpoint_count, last_event_id, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
         ON CONFLICT (tenant_id, slug, tracking_number) DO UPDATE SET
           aftership_id = EXCLUDED.aftership_id, tag = EXCLUDED.tag, shipment = EXCLUDED.shipment,
           provider_updated_at = EXCLUDED.provider_updated_at, checkpoint_count = EXCLUDED.checkpoint_count,
           last_event_id = COALESCE(EXCLUDED.last_event_id, stored.last_event_id), received_at = now()
         WHERE (EXCLUDED.provider_updated_at, EXCLUDED.checkpoint_count) >= (stored.provider_updated_at, stored.checkpoint_count)
         RETURNING 1 AS saved`,
        [
          tenantId, tracking.slug, tracking.tracking_number, tracking.id, tracking.tag, JSON.stringify(state.shipment),
          updatedAt(state), (tracking.checkpoints ?? []).length, state.eventId ?? null,
        ],
      )
      .then((rows: unknown[]) => rows.length > 0);
  }

  /**
   * Records the event and applies its state in one transaction, so an event is never marked applied without
   * its update. 'duplicate' when the event_id was applied before; 'stale' when a newer state is stored;
   * 'ignored' when the parcel is not one we track (a carrier outside our Carrier enum).
   */
  async applyWebhook(tenantId: string, event: AfterShipWebhookEvent, shipment: Shipment | null): Promise<WebhookOutcome> {
    return this.db.transaction(async (manager) => {
      // Two deliveries of one event at once: the second waits on the unique index, then inserts nothing.
      const recorded: unknown[] = await manager.query(
        `INSERT INTO aftership_webhook_events (event_id, tenant_id, event, slug, tracking_number) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id, event_id) DO NOTHING RETURNING event_id`,
        [event.event_id, tenantId, event.event, event.msg.slug, event.msg.tracking_number],
      );
      if (recorded.length === 0) return 'duplicate';
      if (!shipment) return 'ignored';
      const state = { tracking: event.msg, shipment, fallbackUpdatedAt: new Date(event.ts * 1000), eventId: event.event_id };
      return (await this.save(tenantId, state, manager)) ? 'applied' : 'stale';
    });
  }
}
