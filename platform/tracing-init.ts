// Imported first by the entry points (scripts/start.ts, scripts/serve.ts), before anything loads http or undici,
// so the instrumentations see every request. A configuration that does not load is reported by the entry point.
import { loadConfig } from './config';
import { startTracing, type Tracing } from './tracing';

function start(): Tracing | null {
  let config;
  try {
    config = loadConfig();
  } catch {
    return null;
  }
  if (!config.tracing) return null;
  // One process per component (scripts/serve.ts <component>) names itself after it, unless OTEL_SERVICE_NAME did.
  const component = /serve\.[jt]s$/.test(process.argv[1] ?? '') ? process.argv[2] : undefined;
  const named = config.tracing.serviceName === 'opsgraph' && component ? `opsgraph-${component}` : config.tracing.serviceName;
  return startTracing({ ...config.tracing, serviceName: named });
}

export const tracing = start();
