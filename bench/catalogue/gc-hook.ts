// Bench only (bench/memory-flat.ts preloads it with `node --expose-gc -r`): on SIGUSR2 the process collects its
// garbage twice and prints one `gc-settled {memoryUsage}` line, so the benchmark reads RSS once the heap has settled.
// Nothing in production code calls gc(); a process started without --expose-gc ignores the signal.
const collect = (globalThis as { gc?: () => void }).gc;
if (collect) {
  process.on('SIGUSR2', () => {
    collect();
    // A second pass after the first one's weak callbacks and finalizers ran.
    setImmediate(() => {
      collect();
      process.stdout.write(`gc-settled ${JSON.stringify(process.memoryUsage())}\n`);
    });
  });
}
