// The key resolver's own failures that no caller sees (a rotation-log write, an alert, token counting, a usage
// flush): each is logged with its cause and counted here, so a silent loss shows on a dashboard.
import { Counter, register } from 'prom-client';

const NAME = 'opsgraph_keyring_internal_errors_total';

/** Module-level, in prom-client's default registry: any process's /metrics can expose it with `register.metrics()`. */
export const keyringInternalErrors: Counter<'operation'> =
  (register.getSingleMetric(NAME) as Counter<'operation'> | undefined) ??
  new Counter({ name: NAME, help: 'Key resolver side work that failed (rotation log, alerts, token counting, usage flush), by operation', labelNames: ['operation'] });

export type InternalOperation = 'rotation_log' | 'alert_publish' | 'token_count' | 'usage_flush' | 'clear_errors' | 'counters_fallback';
