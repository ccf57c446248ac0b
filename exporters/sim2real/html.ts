/**
 * `sim2real.html`: the report as one self-contained page (inline CSS and
 * inline SVG plots from svg.ts; no scripts, fonts, images or links to other
 * files), readable offline and safe to open from a dataset folder. The same
 * numbers as `sim2real.json`.
 */
import type { VectorGap } from './states';
import type { ChannelHistograms, ImageReport, ImageSetName, ScalarStat, SetMetrics, Sim2RealReport, VectorReport } from './report-types';
import { barChart, escapeHtml as esc, fmt, linePlot, scatterPlot } from './svg';

/** Okabe-Ito colours (colour-blind safe) for the three sets. */
export const SET_COLORS: Record<ImageSetName, string> = { real: '#000000', raw: '#E69F00', variations: '#0072B2' };
const SET_LABELS: Record<ImageSetName, string> = { real: 'real', raw: 'raw renders', variations: 'variations' };

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1100px;color:#1b1b1b;padding:0 16px}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ddd}h3{font-size:15px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}th{background:#f4f4f4}
td:first-child,th:first-child{text-align:left}.reduced{color:#006b3c;font-weight:600}.increased{color:#b00020;font-weight:600}
.plots{display:flex;flex-wrap:wrap;gap:12px}.plot .title{font-size:12px;font-weight:600}.plot .tick{font-size:10px}
.plot .label{font-size:11px}.plot .area{fill:#fafafa;stroke:#bbb}.plot .grid{stroke:#e6e6e6}.plot .diag{stroke:#999;stroke-dasharray:4 3}
.note{color:#555}code{background:#f4f4f4;padding:0 3px}`;

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return `<table><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</table>`;
}

function pm(mean: number | null | undefined, std: number | null | undefined): string {
  return `${fmt(mean)} &plusmn; ${fmt(std, 2)}`;
}

/** The whole page. */
export function renderHtml(report: Sim2RealReport): string {
  const parts = [
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sim2Real gap</title><style>${CSS}</style></head><body>`,
    `<h1>Sim2Real gap</h1>`,
    table(['', 'path', 'kind', 'camera', 'groups'], [
      ['synthetic', esc(report.synthetic.path), report.synthetic.kind, esc(report.synthetic.camera ?? '-'), String(report.synthetic.groups)],
      ['real', esc(report.real.path), report.real.kind, esc(report.real.camera ?? '-'), String(report.real.groups)],
    ]),
    `<p class="note">Seed ${report.seed}. Variation streams: ${report.synthetic.variationStreams.length ? report.synthetic.variationStreams.map((v) => `<code>${esc(v.key)}</code> (model ${esc(v.model ?? '?')})`).join(', ') : 'none'}.</p>`,
    variationSection(report),
    'skipped' in report.images ? `<h2>Images</h2><p>Not compared: ${esc(report.images.skipped)}.</p>` : imageSections(report.images),
    vectorSection('States', report.states),
    vectorSection('Actions', report.actions),
    policySection(report),
    report.notes.length ? `<h2>Notes</h2><ul>${report.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '',
    `</body></html>`,
  ];
  return parts.join('\n');
}

function variationSection(report: Sim2RealReport): string {
  if (!report.variationEffect) return '<h2>Did the variations reduce the gap?</h2><p>No variations to compare: the synthetic data has no world-model variation streams.</p>';
  const rows = report.variationEffect.map((e) => [
    esc(e.statistic),
    fmt(e.ideal),
    fmt(e.raw),
    fmt(e.variations),
    `<span class="${e.verdict}">${e.verdict}</span>`,
  ]);
  return `<h2>Did the variations reduce the gap?</h2><p class="note">Each statistic of the variations against the real set, compared with the same statistic of the raw renders: "reduced" when it lies closer to the value identical distributions give.</p>${table(['statistic', 'ideal', 'raw renders', 'variations', 'verdict'], rows)}`;
}

function imageSections(images: ImageReport): string {
  const out = [`<h2>Images</h2><p class="note">Analysis size ${images.analysisSize.width}&times;${images.analysisSize.height}. Frames (groups): ${(['real', 'raw', 'variations'] as const)
    .map((s) => `${SET_LABELS[s]} ${images.sets[s] ? `${images.sets[s]!.frames} (${images.sets[s]!.groups})` : '-'}`)
    .join(', ')}.</p>`];
  for (const space of images.featureSpaces) {
    const cell = (m: SetMetrics | null, f: (m: SetMetrics) => string) => (m ? f(m) : '-');
    const c2st = (m: SetMetrics) => ('accuracy' in m.c2st ? `${fmt(m.c2st.accuracy)} [${fmt(m.c2st.wilson95[0], 3)}, ${fmt(m.c2st.wilson95[1], 3)}]` : esc(m.c2st.skipped));
    const rows: [string, (m: SetMetrics) => string][] = [
      [`${esc(space.names.kid)} (mean &plusmn; std over subsets)`, (m) => pm(m.kid.mean, m.kid.std)],
      [`precision[${esc(space.name)}]`, (m) => fmt(m.prdc.precision)],
      [`recall[${esc(space.name)}]`, (m) => fmt(m.prdc.recall)],
      [`density[${esc(space.name)}]`, (m) => fmt(m.prdc.density)],
      [`coverage[${esc(space.name)}]`, (m) => fmt(m.prdc.coverage)],
      [`${esc(space.names.c2st)} held-out accuracy [Wilson 95%]`, c2st],
    ];
    out.push(`<h3>Feature space <code>${esc(space.name)}</code> (${space.dims} dims)</h3><p class="note">${esc(space.description)}</p>`);
    out.push(table(['statistic', 'raw renders', 'variations'], rows.map(([label, f]) => [label, cell(space.raw, f), cell(space.variations, f)])));
  }
  const low = images.lowLevel;
  const w1 = (s: 'raw' | 'variations') => low.histogramW1[s];
  const scalarRow = (label: string, s: ScalarStat) => [
    `${label} <span class="note">(${esc(s.unit)})</span>`,
    s.real ? pm(s.real.mean, s.real.std) : '-',
    s.raw ? `${pm(s.raw.mean, s.raw.std)}; W1 ${fmt(s.raw.w1)}` : '-',
    s.variations ? `${pm(s.variations.mean, s.variations.std)}; W1 ${fmt(s.variations.w1)}` : '-',
  ];
  out.push('<h3>Low-level statistics</h3>');
  out.push(table(['statistic', 'real', 'raw renders', 'variations'], [
    ['histogram W1 R / G / B (8-bit levels)', '-', w1('raw') ? `${fmt(w1('raw')!.r)} / ${fmt(w1('raw')!.g)} / ${fmt(w1('raw')!.b)}` : '-', w1('variations') ? `${fmt(w1('variations')!.r)} / ${fmt(w1('variations')!.g)} / ${fmt(w1('variations')!.b)}` : '-'],
    scalarRow('power-spectrum slope', low.spectrumSlope),
    scalarRow('sharpness', low.sharpness),
    scalarRow('noise level', low.noise),
    scalarRow('depth hole ratio', low.depthHoleRatio),
  ]));
  out.push(`<div class="plots">${(['r', 'g', 'b'] as const).map((c) => histogramPlot(low.histograms, c)).join('')}</div>`);
  if (images.embedding) {
    const e = images.embedding;
    const series = (['real', 'raw', 'variations'] as const).filter((s) => e.points[s].length).map((s) => ({ label: SET_LABELS[s], color: SET_COLORS[s], points: e.points[s] }));
    out.push(`<h3>Embedding</h3><div class="plots">${scatterPlot(`PCA of ${e.featureSpace} features`, series, `PC1 (${fmt(100 * e.explainedVarianceRatio[0], 3)}% of variance)`, `PC2 (${fmt(100 * e.explainedVarianceRatio[1], 3)}%)`)}</div>`);
  }
  return out.join('\n');
}

function histogramPlot(h: Record<ImageSetName, ChannelHistograms | null>, channel: 'r' | 'g' | 'b'): string {
  const xs = Array.from({ length: 256 }, (_, i) => i);
  const series = (['real', 'raw', 'variations'] as const).filter((s) => h[s]).map((s) => ({ label: SET_LABELS[s], color: SET_COLORS[s], ys: h[s]![channel] }));
  return linePlot(`${channel.toUpperCase()} channel histogram`, xs, series, '8-bit value', 'share of pixels');
}

function vectorSection(title: string, v: VectorReport): string {
  if ('skipped' in v) return `<h2>${title}</h2><p>Not compared: ${esc(v.skipped)}.</p>`;
  const g: VectorGap = v;
  const rows = g.perDimension.map((d) => [esc(d.name), fmt(d.w1), fmt(d.ks), fmt(d.pValue, 3), fmt(d.pHolm, 3), pm(d.mean.synthetic, d.std.synthetic), pm(d.mean.real, d.std.real)]);
  return [
    `<h2>${title}</h2>`,
    `<p class="note">${g.samples.synthetic} synthetic and ${g.samples.real} real rows. MMD&sup2; (RBF, median bandwidth, standardised, ${g.multivariateSamples.synthetic}+${g.multivariateSamples.real} rows) ${fmt(g.mmd.mmd2)}, permutation p ${fmt(g.mmd.pValue, 3)} (${g.mmd.permutations} permutations). Coverage of real by synthetic (k=${g.coverage.k}) ${fmt(g.coverage.coverage)}; precision ${fmt(g.coverage.precision)}, recall ${fmt(g.coverage.recall)}.</p>`,
    table(['dimension', 'W1 (units of the dimension)', 'KS D', 'KS p', 'Holm p', 'synthetic mean &plusmn; std', 'real mean &plusmn; std'], rows),
    `<div class="plots">${barChart(`${title}: KS D per dimension`, g.perDimension.map((d) => d.name), { label: 'KS D', color: SET_COLORS.raw, values: g.perDimension.map((d) => d.ks) }, 'Kolmogorov-Smirnov D (0 = same distribution)', 1)}${barChart(`${title}: W1 / real std per dimension`, g.perDimension.map((d) => d.name), { label: 'W1 / std', color: SET_COLORS.variations, values: g.perDimension.map((d) => (d.std.real > 0 ? d.w1 / d.std.real : NaN)) }, 'Wasserstein-1 in units of the real std')}</div>`,
  ].join('\n');
}

function policySection(report: Sim2RealReport): string {
  const p = report.policies;
  if (!p) return '<h2>Policies</h2><p>No policy evaluations given (--policies CSV).</p>';
  const rows = p.policies.map((x) => [
    esc(x.policy),
    `${fmt(x.sim.rate, 3)} [${fmt(x.sim.wilson95[0], 3)}, ${fmt(x.sim.wilson95[1], 3)}] (${x.sim.successes}/${x.sim.trials})`,
    `${fmt(x.real.rate, 3)} [${fmt(x.real.wilson95[0], 3)}, ${fmt(x.real.wilson95[1], 3)}] (${x.real.successes}/${x.real.trials})`,
    `${fmt(x.gap, 3)} [${fmt(x.gap95[0], 3)}, ${fmt(x.gap95[1], 3)}]`,
  ]);
  const scatter = scatterPlot('Success rate: simulation vs real', [{ label: 'policy', color: SET_COLORS.variations, points: p.policies.map((x) => [x.sim.rate, x.real.rate]) }], 'simulated success rate', 'real success rate', true);
  return [
    '<h2>Policies</h2>',
    `<p>SRCC (Pearson r of sim and real success rates) ${fmt(p.srcc, 3)}${p.srcc95 ? ` [${fmt(p.srcc95[0], 3)}, ${fmt(p.srcc95[1], 3)}] (bootstrap 95%, ${p.bootstrap.used} of ${p.bootstrap.resamples} resamples)` : ''}; MMRV ${fmt(p.mmrv, 3)}; mean |gap| ${fmt(p.meanAbsoluteGap, 3)}.</p>`,
    table(['policy', 'sim rate [Wilson 95%]', 'real rate [Wilson 95%]', 'gap sim - real [Newcombe 95%]'], rows),
    `<div class="plots">${scatter}</div>`,
  ].join('\n');
}
