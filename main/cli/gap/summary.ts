/** The few lines `gap` prints after writing the report: the headline numbers and the variations' verdicts. */
import type { Sim2RealReport } from '../../../exporters/sim2real/report-types';
import { fmt } from '../../../exporters/sim2real/svg';

export function summaryLines(report: Sim2RealReport): string[] {
  const lines: string[] = [];
  if ('skipped' in report.images) lines.push(`images: not compared (${report.images.skipped})`);
  else {
    for (const space of report.images.featureSpaces) {
      for (const set of ['raw', 'variations'] as const) {
        const m = space[set];
        if (!m) continue;
        const c2st = 'accuracy' in m.c2st ? `${fmt(m.c2st.accuracy, 3)} [${fmt(m.c2st.wilson95[0], 3)}, ${fmt(m.c2st.wilson95[1], 3)}]` : `skipped (${m.c2st.skipped})`;
        lines.push(`${set.padEnd(10)} ${space.names.kid} ${fmt(m.kid.mean)} ± ${fmt(m.kid.std, 2)}, precision ${fmt(m.prdc.precision, 3)}, recall ${fmt(m.prdc.recall, 3)}, coverage ${fmt(m.prdc.coverage, 3)}, ${space.names.c2st} accuracy ${c2st}`);
      }
    }
  }
  for (const [what, v] of [['states', report.states], ['actions', report.actions]] as const) {
    if ('skipped' in v) lines.push(`${what}: not compared (${v.skipped})`);
    else {
      const worst = [...v.perDimension].sort((a, b) => b.ks - a.ks)[0]!;
      lines.push(`${what}: MMD² ${fmt(v.mmd.mmd2)} (p ${fmt(v.mmd.pValue, 3)}), coverage ${fmt(v.coverage.coverage, 3)}, largest KS D ${fmt(worst.ks, 3)} (${worst.name}, Holm p ${fmt(worst.pHolm, 3)})`);
    }
  }
  if (report.policies) lines.push(`policies: SRCC ${fmt(report.policies.srcc, 3)}, MMRV ${fmt(report.policies.mmrv, 3)}, mean |gap| ${fmt(report.policies.meanAbsoluteGap, 3)}`);
  if (report.variationEffect) {
    const reduced = report.variationEffect.filter((e) => e.verdict === 'reduced').length;
    lines.push(`variations reduced the gap on ${reduced} of ${report.variationEffect.length} statistics`);
  }
  return lines;
}
