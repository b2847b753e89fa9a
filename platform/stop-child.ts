// Stops a child process: SIGTERM, then SIGKILL if it has not exited after `killAfterMs`. Resolves once it has exited
// (at once when it already had). Used by the benchmarks, the federation audit and the tests that start processes.
import type { ChildProcess } from 'node:child_process';

export async function stopChild(child: ChildProcess, killAfterMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const killer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  child.kill('SIGTERM');
  await exited;
  clearTimeout(killer);
}
