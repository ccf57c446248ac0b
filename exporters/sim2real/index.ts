/**
 * Sim2Real gap statistics (pure: no Node, no DOM). buildReport turns
 * in-memory frames, features, states, actions and policy evaluations into
 * the report (`sim2real.json`); renderHtml makes the self-contained page
 * (`sim2real.html`). workers/sim2real extracts the features.
 */
export { buildReport, REPORT_FORMAT } from './report';
export { renderHtml } from './html';
export { resizeCover } from './resize';
export { depthHoleRatio, type RgbImage } from './lowlevel';
export { parsePolicyCsv, PolicyCsvError } from './policy-csv';
export { fromRows, matrix, type Matrix } from './matrix';
export type * from './report-types';
