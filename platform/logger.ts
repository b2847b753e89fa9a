// pino with redaction: no credential, token or authorization header ever reaches a log line.
import pino, { type Logger } from 'pino';

export const REDACTED_PATHS = [
  'authorization', '*.authorization', 'headers.authorization', 'req.headers.authorization',
  'credentials', '*.credentials', 'secret', '*.secret', '*.secretKey', '*.apiKey', '*.clientSecret',
  '*.accessToken', '*.refreshToken', 'token', '*.token',
];

export function createLogger(name: string, level = 'info'): Logger {
  return pino({ name, level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } });
}

export type { Logger };
