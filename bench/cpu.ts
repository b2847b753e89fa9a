// CPU time a process has spent (utime + stime from /proc/<pid>/stat), in milliseconds. On a shared machine the
// wall-clock rate says as much about the neighbours as about the code; the CPU time per request does not.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

export function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** As cpuMs, or null when the process has gone (a PostgreSQL backend whose connection closed). */
export function cpuMsIfAlive(pid: number): number | null {
  try {
    return cpuMs(pid);
  } catch {
    return null;
  }
}
