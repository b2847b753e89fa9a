import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataDirectoryLockedError, lockDataDirectory } from './data-lock';
import { startEmbeddedDatabase } from './db';

const ROOT = path.resolve(__dirname, '..');

/** A second process that takes the lock and says so, then holds it until killed. */
function holder(directory: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [
    '-r', path.join(ROOT, 'platform/register.js'), '-e',
    `require(${JSON.stringify(path.join(ROOT, 'platform/data-lock.ts'))}).lockDataDirectory(${JSON.stringify(directory)}); console.log('locked'); setInterval(() => {}, 1000);`,
  ], { env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve(child));
    child.once('exit', (code) => reject(new Error(`holder exited with ${code}`)));
  });
}

describe('the embedded data directory lock', () => {
  let directory: string;
  beforeEach(() => { directory = fs.mkdtempSync(path.join(os.tmpdir(), 'opsgraph-lock-')); });
  afterEach(() => fs.rmSync(directory, { recursive: true, force: true }));

  test('a second process is refused at once, naming the directory and the holder PID', async () => {
    const child = await holder(directory);
    try {
      let refusal: unknown;
      try {
        lockDataDirectory(directory);
      } catch (error) {
        refusal = error;
      }
      expect(refusal).toBeInstanceOf(DataDirectoryLockedError);
      expect((refusal as Error).message).toContain(directory);
      expect((refusal as Error).message).toContain(`process ${child.pid}`);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    // Killed without releasing: the lock is stale and taken over.
    const lock = lockDataDirectory(directory);
    expect(fs.readFileSync(path.join(directory, 'opsgraph.lock'), 'utf8')).toBe(String(process.pid));
    lock.release();
    expect(fs.existsSync(path.join(directory, 'opsgraph.lock'))).toBe(false);
  }, 30_000);

  test('a second embedded database on the same directory is refused, and the first one keeps working', async () => {
    const first = await startEmbeddedDatabase(directory);
    try {
      await expect(startEmbeddedDatabase(directory)).rejects.toThrow(DataDirectoryLockedError);
    } finally {
      await first.close();
    }
    // Closed: the directory is free again.
    const again = await startEmbeddedDatabase(directory);
    await again.close();
  }, 180_000);
});
