// Child processes in tests: a free port to start one on, and waiting for a line it prints.
import type { ChildProcess } from 'node:child_process';
export { freePort } from './gateway-process';

/**
 * Collects what `proc` prints (stdout and stderr) into `output.text` and resolves with the first match of `pattern`;
 * rejects, with everything printed so far, if the process exits first.
 */
export function waitForOutput(proc: ChildProcess, pattern: RegExp, output: { text: string }): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = (chunk: Buffer) => {
      output.text += chunk.toString();
      const match = output.text.match(pattern);
      if (match) resolve(match);
    };
    proc.stdout!.on('data', check);
    proc.stderr!.on('data', check);
    proc.once('exit', (code) => reject(new Error(`exited with ${code} before ${pattern}:\n${output.text}`)));
  });
}
