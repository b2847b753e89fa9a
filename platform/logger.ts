// pino with redaction: no credential, token or authorization header ever reaches a log line.
import pino, { type DestinationStream, type Logger } from 'pino';

export const REDACTED_PATHS = [
  'authorization', '*.authorization', 'headers.authorization', 'req.headers.authorization',
  'credentials', '*.credentials', 'secret', '*.secret', '*.secretKey', '*.apiKey', '*.clientSecret',
  '*.accessToken', '*.refreshToken', 'token', '*.token',
];

export function createLogger(name: string, level = 'info', destination?: DestinationStream): Logger {
  const options = { name, level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
