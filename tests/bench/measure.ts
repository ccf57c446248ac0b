/** Timing helpers for the bench: warm-up, repeated timing, formatting. */

/** Median of several runs' values. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Runs `fn` and returns seconds elapsed. */
export async function seconds(fn: () => unknown | Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

export function fmt(x: number, digits = 1): string {
  return Number.isFinite(x) ? x.toFixed(digits) : String(x);
}

/** Prints one result line: name, figure, unit, and a ratio against a reference measured in the same run. */
export function report(name: string, value: number, unit: string, ratio?: { value: number; against: string; aim?: string }): void {
  const ratioText = ratio ? `  ratio ${fmt(ratio.value, 2)} vs ${ratio.against}${ratio.aim ? ` (aim ${ratio.aim})` : ''}` : '';
  process.stdout.write(`  ${name.padEnd(44)} ${fmt(value).padStart(10)} ${unit}${ratioText}\n`);
}
