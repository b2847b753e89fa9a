// pino with redaction: no credential, token or authorization header ever reaches a log line. JSON for machines
// (production, files, pipes); pino-pretty's readable lines for a person at a terminal or LOG_FORMAT=pretty.
import pino, { type DestinationStream, type Logger } from 'pino';
import pinoPretty from 'pino-pretty';

export const REDACTED_PATHS = [
  'authorization', '*.authorization', 'headers.authorization', 'req.headers.authorization',
  'credentials', '*.credentials', 'secret', '*.secret', '*.secretKey', '*.apiKey', '*.clientSecret',
  '*.accessToken', '*.refreshToken', 'token', '*.token',
];

export type LogFormat = 'json' | 'pretty';

export function createLogger(name: string, level = 'info', destination?: DestinationStream, format: LogFormat = 'json'): Logger {
  const options = { name, level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  if (format === 'pretty') {
    // In-process and synchronous (no worker thread): a line is on the terminal before the next step starts.
    const pretty = pinoPretty({ sync: true, colorize: !destination && Boolean(process.stdout.isTTY), translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname', destination: destination ?? 1 });
    return pino(options, pretty);
  }
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
