/** Small timing helpers for benchmarks: medians over repeats, printed next to a floor measured in the same run. */
export async function median(repeats: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return medianOf(times);
}

/** The median of figures already taken (NaN for none). */
export function medianOf(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
}

/**
 * The fastest of `repeats` runs: for growth curves on a shared machine, where other processes only ever add time,
 * the minimum is the figure least bent by them.
 */
export async function fastest(repeats: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < repeats; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return best;
}

export interface BenchLine {
  readonly name: string;
  readonly ms: number;
  readonly floorName: string;
  readonly floorMs: number;
  /** The figure the issue sets, in ms, for a pass/over mark (informational: benchmarks never fail the build). */
  readonly targetMs?: number;
}

export function report(line: BenchLine): void {
  const ratio = line.floorMs > 0 ? line.ms / line.floorMs : Number.NaN;
  const target = line.targetMs === undefined ? '' : `  target ≤ ${line.targetMs} ms: ${line.ms <= line.targetMs ? 'met' : 'MISSED'}`;
  console.log(`${line.name.padEnd(48)} ${line.ms.toFixed(2).padStart(9)} ms   ${ratio.toFixed(2).padStart(6)}× ${line.floorName} (${line.floorMs.toFixed(2)} ms)${target}`);
}

export interface GrowthPoint {
  /** e.g. `4×`. */
  readonly scale: string;
  readonly bytes: number;
  readonly ms: number;
  /** The floor at the same size, measured in the same run. */
  readonly floorMs: number;
}

/**
 * Prints how time grows with input size: each point against its floor, and the step ratio to the previous point.
 * With sizes 4× apart, linear work shows ≈4× per step and quadratic work ≈16×; steps over 8× are marked.
 */
export function reportGrowth(name: string, floorName: string, points: readonly GrowthPoint[]): void {
  points.forEach((p, i) => {
    const prev = points[i - 1];
    const step = prev ? p.ms / prev.ms : undefined;
    const stepText = step === undefined ? '' : `   step ${step.toFixed(1)}× (linear ≈4×): ${step <= 8 ? 'met' : 'MISSED'}`;
    const label = `${name} ${p.scale} (${(p.bytes / 1024).toFixed(0)} KiB)`;
    console.log(`${label.padEnd(48)} ${p.ms.toFixed(2).padStart(9)} ms   ${(p.ms / p.floorMs).toFixed(2).padStart(6)}× ${floorName} (${p.floorMs.toFixed(2)} ms)${stepText}`);
  });
}

/** Runs a benchmark's `run` when its file is started directly (`node --import tsx bench/x.ts`), not by bench/run.ts. */
export function runIfMain(mod: NodeModule, run: () => Promise<void>): void {
  if (require.main !== mod) return;
  run().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
