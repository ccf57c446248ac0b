/**
 * Holm-Bonferroni step-down adjustment of m p-values: with p sorted
 * ascending, the adjusted p_(i) = max over j <= i of min(1, (m - j + 1) p_(j))
 * (1-based), returned in the input order. Rejecting where the adjusted value
 * is below alpha controls the family-wise error rate at alpha.
 */
export function holm(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[a]! - pValues[b]! || a - b);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach((index, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * pValues[index]!));
    adjusted[index] = running;
  });
  return adjusted;
}
