/** The text form of a dataset summary. */
import { FORMAT_LABELS, type DatasetSummary, type FeatureSummary } from './summary';

const SHOWN_TASKS = 3;
const SHOWN_NAMES = 4;
const SHOWN_FILES = 10;
const LABEL = 12;

export function renderSummary(s: DatasetSummary): string {
  const lines: [string, string][] = [
    ['dataset', s.dir],
    ['format', FORMAT_LABELS[s.format]],
    ['status', s.complete ? 'complete (studio_job.json present)' : (s.incomplete ?? 'incomplete')],
    ['scene', s.scene ? `${s.scene.name} (${s.scene.file}), job seed ${s.jobSeed}` : 'unknown (no studio_job.json)'],
    ['episodes', String(s.episodes)],
    ['frames', s.fps ? `${s.frames} at ${s.fps} fps (${(s.frames / s.fps).toFixed(1)} s)` : String(s.frames)],
  ];
  if (s.robotType) lines.push(['robot', s.robotType]);
  lines.push(['success', s.success ? `${percent(s.success.successes, s.success.episodes)} (${s.success.successes} of ${s.success.episodes} episodes, from ${s.success.source})` : 'unknown']);
  lines.push(['outcomes', s.outcomes ? Object.entries(s.outcomes).map(([k, v]) => `${k} ${v}`).join(', ') || 'none' : 'unknown (no studio_job.json)']);
  const firstTasks = s.tasks.slice(0, SHOWN_TASKS).map((t) => JSON.stringify(t));
  lines.push(['tasks', `${s.tasks.length}${firstTasks.length ? `: ${firstTasks.join(', ')}${more(s.tasks.length, SHOWN_TASKS)}` : ''}`]);
  lines.push(['features', String(s.features.length)]);
  const out = lines.map(([k, v]) => `${`${k}:`.padEnd(LABEL)}${v}`);
  out.push(...table(s.features.map(featureRow)));
  const dataBytes = s.dataFiles.reduce((n, f) => n + f.bytes, 0);
  out.push(`${'data files:'.padEnd(LABEL)}${s.dataFiles.length}, ${size(dataBytes)} (whole folder ${size(s.totalBytes)})`);
  out.push(...table(s.dataFiles.slice(0, SHOWN_FILES).map((f) => [f.path, size(f.bytes)])));
  if (s.dataFiles.length > SHOWN_FILES) out.push(`  ... (+${s.dataFiles.length - SHOWN_FILES} more)`);
  return `${out.join('\n')}\n`;
}

function featureRow(f: FeatureSummary): string[] {
  const names = f.names ? `${f.names.slice(0, SHOWN_NAMES).join(', ')}${more(f.names.length, SHOWN_NAMES)}` : '';
  return [f.name, f.dtype, `[${f.shape.join(', ')}]`, names];
}

/** Rows indented by two spaces, columns padded to their widest cell. */
function table(rows: string[][]): string[] {
  const widths = rows.reduce<number[]>((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)), []);
  return rows.map((row) => `  ${row.map((cell, i) => (i < row.length - 1 ? cell.padEnd(widths[i]!) : cell)).join('  ')}`.trimEnd());
}

function more(total: number, shown: number): string {
  return total > shown ? `, ... (+${total - shown})` : '';
}

function percent(part: number, whole: number): string {
  return whole ? `${((100 * part) / whole).toFixed(1)}%` : '-';
}

/** Bytes as B, KiB, MiB or GiB. */
export function size(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}
