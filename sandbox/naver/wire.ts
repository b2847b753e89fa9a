// Naver Commerce API, providers/naver/README.md (Error body, Auth on calls): the gateway's error shape, its trace ids
// and the `2023-01-16T17:14:51.794+09:00` instants every Naver body carries.
import { json, type Reply } from '../http';
import { stableHex } from '../prng';
import type { SandboxState } from '../state';
import { kstLocalMillis } from '../time';
import { naverState } from './store';

/** KST with milliseconds and an explicit offset, as the commerce API writes every date. */
export function naverTime(ms: number): string {
  return `${kstLocalMillis(ms)}+09:00`;
}

/** Naver requires the offset: a bare local time is ambiguous and refused. */
const OFFSET_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

export function parseNaverTime(text: string | null): number | undefined {
  if (!text || !OFFSET_DATE_TIME.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Looks like the real `cr3-...^1730711073284^6745261`: a host part, the instant, a sequence. */
export function nextTraceId(state: SandboxState): string {
  const naver = naverState(state);
  naver.traceSeq += 1;
  return `sbx-${stableHex(`naver-trace:${naver.traceSeq}`, 12)}^${state.clock.now()}^${naver.traceSeq}`;
}

export interface InvalidInput {
  name: string;
  type: string;
  message: string;
}

/**
 * The `{code, message, timestamp, traceId}` body shared by the gateway (GW.*) and the API servers.
 * `invalidInputs` on 400s is UNVERIFIED (providers/naver/README.md): sent so a client can name the bad field.
 */
export function naverError(state: SandboxState, status: number, code: string, message: string, invalidInputs?: InvalidInput[]): Reply {
  const body = { code, message, timestamp: naverTime(state.clock.now()), traceId: nextTraceId(state) };
  return json(status, invalidInputs ? { ...body, invalidInputs } : body);
}

export const gwAuthn = (state: SandboxState) => naverError(state, 401, 'GW.AUTHN', '요청을 보낼 권한이 없습니다.');

export function badRequest(state: SandboxState, name: string, message: string): Reply {
  return naverError(state, 400, 'BadRequest', `요청 값이 올바르지 않습니다: ${message}`, [{ name, type: 'InvalidValue', message }]);
}

/** A successful API body: Naver wraps every answer with the instant and the trace id. */
export function naverData(state: SandboxState, data: unknown, headers?: Record<string, string>): Reply {
  return json(200, { timestamp: naverTime(state.clock.now()), traceId: nextTraceId(state), data }, headers);
}
