import { Writable } from 'node:stream';
import { createLogger } from './logger';
import { loadConfig } from './config';

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({ write(chunk, _encoding, done) { chunks.push(chunk.toString()); done(); } });
  return { stream, text: () => chunks.join('') };
}

describe('createLogger', () => {
  test('writes JSON lines by default, with credentials redacted', () => {
    const out = sink();
    createLogger('test', 'info', out.stream).info({ credentials: { apiKey: 'sk-live-secret' } }, 'key added');
    const line = JSON.parse(out.text());
    expect(line).toMatchObject({ level: 30, name: 'test', msg: 'key added', credentials: '[redacted]' });
  });

  test('writes readable lines when pretty, with the same redaction', () => {
    const out = sink();
    createLogger('test', 'info', out.stream, 'pretty').warn({ authorization: 'Bearer abc.def.ghi' }, 'waiting for subgraphs');
    const text = out.text();
    expect(text).toMatch(/WARN.*\(test\): waiting for subgraphs/);
    expect(text).toContain('[redacted]');
    expect(text).not.toContain('abc.def.ghi');
    expect(() => JSON.parse(text)).toThrow();
  });
});

describe('LOG_FORMAT', () => {
  test('pretty and json are taken as set; auto is JSON in production and when the output is not a terminal', () => {
    expect(loadConfig({ LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
    expect(loadConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
    // jest's output is not a terminal here, and production is JSON wherever it runs.
    expect(loadConfig({}).logFormat).toBe(process.stdout.isTTY ? 'pretty' : 'json');
    expect(() => loadConfig({ LOG_FORMAT: 'yaml' })).toThrow(/LOG_FORMAT/);
  });
});
