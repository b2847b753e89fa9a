// OpenTelemetry traces, exported over OTLP when the standard OTEL_EXPORTER_OTLP_* variables say where; nothing is
// set up (and nothing leaves the process) when they are unset. One trace per request: the gateway's HTTP server
// span, Apollo's own gateway spans (plan, fetch), each subgraph fetch as an HTTP client span whose traceparent the
// subgraph's server span continues, and each provider call as an undici (fetch) client span under it.
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace-node';

export interface TracingConfig {
  /** Where spans go: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as is, or OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces. */
  url: string;
  protocol: 'http/json' | 'http/protobuf';
  headers: Record<string, string>;
  serviceName: string;
  /** How long spans wait to be sent in a batch (OTEL_BSP_SCHEDULE_DELAY). */
  scheduleDelayMs: number;
}

export interface Tracing {
  readonly exporter: SpanExporter;
  /** Sends what is still batched, then stops. */
  shutdown(): Promise<void>;
}

export function createOtlpExporter(config: Pick<TracingConfig, 'url' | 'protocol' | 'headers'>): SpanExporter {
  const options = { url: config.url, headers: config.headers };
  return config.protocol === 'http/json' ? new OtlpJsonExporter(options) : new OtlpProtobufExporter(options);
}

/** Starts tracing for this process, or does nothing when no endpoint is configured. Call before serving. */
export function startTracing(config: TracingConfig | null): Tracing | null {
  if (!config) return null;
  const exporter = createOtlpExporter(config);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.serviceName }),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: config.scheduleDelayMs })],
  });
  provider.register();
  const exportUrl = new URL(config.url);
  const disable = registerInstrumentations({
    instrumentations: [
      // The exporter's own requests are not traced (they would trace themselves, forever).
      new HttpInstrumentation({ ignoreOutgoingRequestHook: (request) => request.port === exportUrl.port && request.path === exportUrl.pathname }),
      new UndiciInstrumentation({ ignoreRequestHook: (request) => request.origin === exportUrl.origin }),
    ],
  });
  return {
    exporter,
    shutdown: async () => {
      disable();
      await provider.shutdown();
    },
  };
}
