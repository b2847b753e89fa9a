// Stock @apollo/gateway 2.14's OpenTelemetry spans (gateway.request, .validate, .plan, .execute, .fetch,
// .postprocessing), made with its own tracer and attributes, so a trace reads the same whichever executor ran it.
import { SpanStatusCode, type Attributes, type Span } from '@opentelemetry/api';
import {
  OpenTelemetrySpanNames, recordExceptions, tracer, type OpenTelemetryConfig,
} from '@apollo/gateway/dist/utilities/opentelemetry';

export { OpenTelemetrySpanNames as SpanNames, requestContextSpanAttributes } from '@apollo/gateway/dist/utilities/opentelemetry';

/** Marks the span failed (and records the errors when the gateway's `telemetry.recordExceptions` asks), as stock does. */
export function failSpan(span: Span, errors: readonly Error[], telemetry: OpenTelemetryConfig | undefined): void {
  recordExceptions(span, errors, telemetry);
  span.setStatus({ code: SpanStatusCode.ERROR });
}

/**
 * Runs `body` in an active span named as stock names it; a throw fails the span and goes on, and `errorsOf` says which
 * errors of a result fail it (stock's request, validate and execute spans fail on errors they return, too).
 */
export function inSpan<T>(
  name: OpenTelemetrySpanNames,
  attributes: Attributes,
  telemetry: OpenTelemetryConfig | undefined,
  body: (span: Span) => T,
  errorsOf?: (result: Awaited<T>) => readonly Error[] | undefined,
): T {
  return tracer.startActiveSpan(name, { attributes }, (span) => {
    const fail = (error: unknown) => {
      failSpan(span, [error as Error], telemetry);
      span.end();
      throw error;
    };
    const done = (result: Awaited<T>) => {
      const errors = errorsOf?.(result);
      if (errors?.length) failSpan(span, errors, telemetry);
      span.end();
      return result;
    };
    let result: T;
    try {
      result = body(span);
    } catch (error) {
      return fail(error);
    }
    if (result instanceof Promise) return result.then(done, fail) as T;
    return done(result as Awaited<T>);
  });
}
