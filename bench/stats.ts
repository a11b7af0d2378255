// Small helpers shared by the benchmarks.
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** Runs `fn` `iterations` times after a warm-up and returns sorted durations in milliseconds. */
export function timeSync(fn: () => void, iterations: number, warmup = Math.min(50, iterations)): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const durations: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    fn();
    durations.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return durations.sort((a, b) => a - b);
}

export function fmt(ms: number): string {
  return ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`;
}
