/**
 * Small inline-SVG plots for the self-contained HTML report: line plots
 * (histograms), scatter plots (the embedding, policies) and horizontal bar
 * charts (per-dimension statistics). Plain strings, no DOM, no outside
 * files or fonts: the report opens offline in any browser.
 */

/** A plotted series: its legend label and colour. */
export interface Series {
  label: string;
  color: string;
}

/** Escapes text for HTML and SVG. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A number for a tick label or a table: up to `digits` significant digits, "-" for null or NaN. */
export function fmt(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '-';
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1e5 || abs < 1e-3) return x.toExponential(Math.max(0, digits - 1));
  return String(Number(x.toPrecision(digits)));
}

const W = 420;
const H = 260;
const M = { left: 56, right: 12, top: 28, bottom: 40 };

interface Frame {
  x: (v: number) => number;
  y: (v: number) => number;
  svg: string[];
}

function range(values: number[], pad: number): [number, number] {
  const finite = values.filter(Number.isFinite);
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (!finite.length) [lo, hi] = [0, 1];
  if (lo === hi) [lo, hi] = [lo - 1, hi + 1];
  const span = hi - lo;
  return [lo - pad * span, hi + pad * span];
}

/** Axes, ticks, labels and title; returns scales into the plot area. */
function frame(title: string, xRange: [number, number], yRange: [number, number], xLabel: string, yLabel: string): Frame {
  const [x0, x1] = xRange;
  const [y0, y1] = yRange;
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const x = (v: number) => M.left + ((v - x0) / (x1 - x0)) * pw;
  const y = (v: number) => M.top + ph - ((v - y0) / (y1 - y0)) * ph;
  const svg = [
    `<svg class="plot" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeHtml(title)}">`,
    `<text x="${W / 2}" y="16" text-anchor="middle" class="title">${escapeHtml(title)}</text>`,
    `<rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}" class="area"/>`,
  ];
  for (let k = 0; k <= 4; k++) {
    const xv = x0 + ((x1 - x0) * k) / 4;
    const yv = y0 + ((y1 - y0) * k) / 4;
    svg.push(`<text x="${x(xv).toFixed(1)}" y="${H - M.bottom + 14}" text-anchor="middle" class="tick">${fmt(xv, 3)}</text>`);
    svg.push(`<text x="${M.left - 4}" y="${(y(yv) + 3).toFixed(1)}" text-anchor="end" class="tick">${fmt(yv, 3)}</text>`);
    svg.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${y(yv).toFixed(1)}" y2="${y(yv).toFixed(1)}" class="grid"/>`);
  }
  svg.push(`<text x="${M.left + pw / 2}" y="${H - 6}" text-anchor="middle" class="label">${escapeHtml(xLabel)}</text>`);
  svg.push(`<text transform="translate(12 ${M.top + ph / 2}) rotate(-90)" text-anchor="middle" class="label">${escapeHtml(yLabel)}</text>`);
  return { x, y, svg };
}

function legend(series: readonly Series[], svg: string[]): void {
  series.forEach((s, i) => {
    const lx = M.left + 8;
    const ly = M.top + 12 + i * 14;
    svg.push(`<rect x="${lx}" y="${ly - 8}" width="10" height="10" fill="${s.color}"/><text x="${lx + 14}" y="${ly + 1}" class="tick">${escapeHtml(s.label)}</text>`);
  });
}

/** Lines of y values over shared x values. */
export function linePlot(title: string, xs: readonly number[], series: readonly (Series & { ys: readonly number[] })[], xLabel: string, yLabel: string): string {
  const ys = series.flatMap((s) => [...s.ys]);
  const yr = range([...ys, 0], 0.05);
  if (Math.min(...ys) >= 0) yr[0] = 0; // shares and counts start at 0
  const f = frame(title, range([...xs], 0), yr, xLabel, yLabel);
  for (const s of series) {
    const path = xs.map((xv, i) => `${i ? 'L' : 'M'}${f.x(xv).toFixed(1)} ${f.y(s.ys[i]!).toFixed(1)}`).join('');
    f.svg.push(`<path d="${path}" fill="none" stroke="${s.color}" stroke-width="1.4"/>`);
  }
  legend(series, f.svg);
  return `${f.svg.join('')}</svg>`;
}

/** Points of several series; `diagonal` draws y = x. */
export function scatterPlot(title: string, series: readonly (Series & { points: readonly [number, number][] })[], xLabel: string, yLabel: string, diagonal = false): string {
  const all = series.flatMap((s) => s.points);
  const xr = range(all.map((p) => p[0]), 0.05);
  const yr = range(all.map((p) => p[1]), 0.05);
  const f = frame(title, diagonal ? [Math.min(xr[0], yr[0]), Math.max(xr[1], yr[1])] : xr, diagonal ? [Math.min(xr[0], yr[0]), Math.max(xr[1], yr[1])] : yr, xLabel, yLabel);
  if (diagonal) {
    const lo = Math.min(xr[0], yr[0]);
    const hi = Math.max(xr[1], yr[1]);
    f.svg.push(`<line x1="${f.x(lo).toFixed(1)}" y1="${f.y(lo).toFixed(1)}" x2="${f.x(hi).toFixed(1)}" y2="${f.y(hi).toFixed(1)}" class="diag"/>`);
  }
  for (const s of series) {
    for (const [px, py] of s.points) f.svg.push(`<circle cx="${f.x(px).toFixed(1)}" cy="${f.y(py).toFixed(1)}" r="2.2" fill="${s.color}" fill-opacity="0.6"/>`);
  }
  legend(series, f.svg);
  return `${f.svg.join('')}</svg>`;
}

/** Horizontal bars, one row per category, values from 0 up (`max` fixes the scale's end). */
export function barChart(title: string, categories: readonly string[], series: Series & { values: readonly number[] }, xLabel: string, max?: number): string {
  const rowH = 16;
  const left = Math.min(200, 12 + 6.2 * Math.max(4, ...categories.map((c) => c.length)));
  const height = M.top + categories.length * rowH + 36;
  const pw = W + 80 - left - M.right;
  const top = max ?? Math.max(1e-12, ...series.values.filter(Number.isFinite));
  const svg = [
    `<svg class="plot" viewBox="0 0 ${W + 80} ${height}" width="${W + 80}" height="${height}" role="img" aria-label="${escapeHtml(title)}">`,
    `<text x="${(W + 80) / 2}" y="16" text-anchor="middle" class="title">${escapeHtml(title)}</text>`,
  ];
  categories.forEach((c, i) => {
    const v = series.values[i]!;
    const y = M.top + i * rowH;
    const w = Number.isFinite(v) ? Math.max(0, Math.min(1, v / top)) * pw : 0;
    svg.push(`<text x="${left - 4}" y="${y + 11}" text-anchor="end" class="tick">${escapeHtml(c)}</text>`);
    svg.push(`<rect x="${left}" y="${y + 2}" width="${w.toFixed(1)}" height="${rowH - 4}" fill="${series.color}"/>`);
    svg.push(`<text x="${(left + w + 3).toFixed(1)}" y="${y + 11}" class="tick">${fmt(v, 3)}</text>`);
  });
  svg.push(`<text x="${left + pw / 2}" y="${height - 8}" text-anchor="middle" class="label">${escapeHtml(xLabel)}</text>`);
  return `${svg.join('')}</svg>`;
}
