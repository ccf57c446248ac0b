/**
 * The policies CSV: a header row, then one row per policy. Columns (any
 * order, names case-sensitive): `policy`, and for each of `sim` and `real`
 * either `<side>_successes` and `<side>_trials` (counts) or
 * `<side>_success_rate` (0..1) and `<side>_trials`, in which case successes
 * = round(rate * trials). Fields may be double-quoted (RFC 4180).
 *
 *     policy,sim_successes,sim_trials,real_successes,real_trials
 *     octo-base,37,50,12,20
 */
import type { PolicyRow } from './policy';

/** A problem in the CSV: the message names the line, the column and the value. */
export class PolicyCsvError extends Error {}

/** Splits CSV text into rows of fields (quoted fields may hold commas, quotes as "", and newlines). */
function csvRows(text: string): { line: number; fields: string[] }[] {
  const rows: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      if (fields.some((f) => f.trim() !== '')) rows.push({ line: rowLine, fields });
      fields = [];
      field = '';
      line++;
      rowLine = line;
    } else field += ch;
  }
  if (quoted) throw new PolicyCsvError(`line ${rowLine}: a quoted field is not closed`);
  fields.push(field);
  if (fields.some((f) => f.trim() !== '')) rows.push({ line: rowLine, fields });
  return rows;
}

/** Parses the policies CSV; throws PolicyCsvError naming line, column and value. */
export function parsePolicyCsv(text: string): PolicyRow[] {
  const rows = csvRows(text.replace(/^\uFEFF/, ''));
  if (rows.length === 0) throw new PolicyCsvError('empty: expected a header row and one row per policy');
  const header = rows[0]!.fields.map((f) => f.trim());
  const column = (name: string) => header.indexOf(name);
  if (column('policy') < 0) throw new PolicyCsvError(`line 1: no "policy" column (columns: ${header.join(', ')})`);
  const sides = (['sim', 'real'] as const).map((side) => {
    const trials = column(`${side}_trials`);
    const successes = column(`${side}_successes`);
    const rate = column(`${side}_success_rate`);
    if (trials < 0 || (successes < 0 && rate < 0)) {
      throw new PolicyCsvError(`line 1: expected columns "${side}_trials" and "${side}_successes" or "${side}_success_rate" (columns: ${header.join(', ')})`);
    }
    return { side, trials, successes, rate };
  });
  const out: PolicyRow[] = [];
  const seen = new Set<string>();
  for (const { line, fields } of rows.slice(1)) {
    if (fields.length !== header.length) throw new PolicyCsvError(`line ${line}: ${fields.length} fields, the header has ${header.length}`);
    const policy = fields[column('policy')]!.trim();
    if (!policy) throw new PolicyCsvError(`line ${line}, column "policy": empty`);
    if (seen.has(policy)) throw new PolicyCsvError(`line ${line}, column "policy": "${policy}" is listed twice`);
    seen.add(policy);
    const [sim, real] = sides.map(({ side, trials, successes, rate }) => {
      const n = number(line, header[trials]!, fields[trials]!, (v) => Number.isInteger(v) && v > 0, 'a positive integer');
      if (successes >= 0) {
        const k = number(line, header[successes]!, fields[successes]!, (v) => Number.isInteger(v) && v >= 0 && v <= n, `an integer from 0 to ${side}_trials (${n})`);
        return { successes: k, trials: n };
      }
      const p = number(line, header[rate]!, fields[rate]!, (v) => v >= 0 && v <= 1, 'a rate from 0 to 1');
      return { successes: Math.round(p * n), trials: n };
    }) as [PolicyRow['sim'], PolicyRow['real']];
    out.push({ policy, sim, real });
  }
  if (out.length === 0) throw new PolicyCsvError('no policy rows after the header');
  return out;
}

function number(line: number, name: string, raw: string, ok: (v: number) => boolean, expected: string): number {
  const value = Number(raw.trim());
  if (raw.trim() === '' || !Number.isFinite(value) || !ok(value)) throw new PolicyCsvError(`line ${line}, column "${name}": expected ${expected}, got "${raw}"`);
  return value;
}
