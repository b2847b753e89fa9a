// One process owns an embedded data directory: PGlite keeps its files open, and a second writer on the same
// files loses data. The lock is a file holding the owner's PID, created exclusively; a lock whose process is gone
// (a crash, kill -9) is taken over.
import fs from 'node:fs';
import path from 'node:path';

export class DataDirectoryLockedError extends Error {
  constructor(readonly directory: string, readonly pid: number) {
    super(`The embedded data directory ${directory} is in use by process ${pid} (another npm start, or keys:rotate-master while the stack runs): stop that process, or set DATA_DIR to another directory`);
  }
}

export interface DataDirectoryLock { release(): void }

const LOCK_FILE = 'opsgraph.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockDataDirectory(directory: string): DataDirectoryLock {
  fs.mkdirSync(directory, { recursive: true });
  const file = path.join(directory, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      const release = () => {
        try {
          if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file);
        } catch {
          // Already gone: nothing to release.
        }
        process.off('exit', release);
      };
      process.on('exit', release);
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(fs.readFileSync(file, 'utf8').trim());
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
      throw new DataDirectoryLockedError(directory, holder);
    }
    if (holder === process.pid) throw new DataDirectoryLockedError(directory, holder);
    // The holder is gone: take the lock over (another process racing us for it gets EEXIST and looks again).
    fs.rmSync(file, { force: true });
  }
  throw new Error(`Could not lock the embedded data directory ${directory}`);
}
