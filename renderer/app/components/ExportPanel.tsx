/**
 * The export panel: format, destination (a folder chosen through the
 * host), cameras, Export and Cancel, a progress bar, and a summary card of
 * the written dataset (episodes, frames, success rate, size, files).
 */
import { useShallow } from 'zustand/react/shallow';
import { useHost } from '../host';
import { outcomeLabel } from '../model/outcomes';
import { EXPORT_FORMATS, type ExportFormat } from '../runner/export';
import { useAssetStore } from '../state/asset-store';
import { useExportStore, type ExportSummary } from '../state/export-store';
import { runRecords, useRunStore } from '../state/run-store';
import { useUiStore } from '../state/ui-store';

/** "12.3 kB", "4.5 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
  if (bytes < 1e9) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e9).toFixed(2)} GB`;
}

function SummaryCard({ summary }: { summary: ExportSummary }) {
  return (
    <article className="export-summary" aria-label="Dataset summary">
      <h3>
        {EXPORT_FORMATS[summary.format].label} dataset written to <code>{summary.folder}</code>
      </h3>
      <dl>
        <div data-stat="episodes"><dt>episodes</dt><dd>{summary.episodes}</dd></div>
        <div data-stat="frames"><dt>frames</dt><dd>{summary.frames}</dd></div>
        <div data-stat="success"><dt>success</dt><dd>{Math.round(summary.successRate * 100)} %</dd></div>
        <div data-stat="size"><dt>size</dt><dd>{formatBytes(summary.bytes)}</dd></div>
        <div data-stat="files"><dt>files</dt><dd>{summary.files.length}</dd></div>
        <div data-stat="time"><dt>time</dt><dd>{summary.seconds.toFixed(1)} s</dd></div>
      </dl>
      <p className="outcomes">{Object.entries(summary.outcomes).map(([o, n]) => `${outcomeLabel(o)} ${n}`).join(' · ')}{summary.rerun > 0 ? ` · ${summary.rerun} episodes rolled out again (not kept in memory)` : ''}</p>
      <ul className="files" aria-label="Files">
        {summary.files.map((f) => (
          <li key={f.path}>
            <code>{f.path}</code> <span>{formatBytes(f.bytes)}</span>
          </li>
        ))}
      </ul>
    </article>
  );
}

/** The Export tab. */
export function ExportPanel() {
  const host = useHost();
  const { format, folder, cameras, status, done, total, summary, error } = useExportStore(
    useShallow((s) => ({ format: s.format, folder: s.folder, cameras: s.cameras, status: s.status, done: s.done, total: s.total, summary: s.summary, error: s.error })),
  );
  const actions = useExportStore((s) => s.actions);
  const run = useRunStore(useShallow((s) => ({ scene: s.scene, sceneFile: s.sceneFile, seed: s.seed, episodes: s.episodes.length, status: s.status, workers: s.settings.workers })));
  const { alert, showDock } = useUiStore((s) => s.actions);
  if (!run.scene || run.episodes === 0 || run.status === 'running') {
    return (
      <div className="export-empty">
        <p className="empty">{run.status === 'running' ? 'Wait for the run to finish (or cancel it): the export writes its episodes.' : 'Nothing to export yet: run some episodes first, then export them here as LeRobot, robomimic or COCO.'}</p>
        {run.status !== 'running' && <button type="button" className="primary" onClick={() => showDock('run')}>Go to Run</button>}
      </div>
    );
  }
  const spec = EXPORT_FORMATS[format];
  const hasCameras = run.scene.cameras.length > 0;
  const exporting = status === 'exporting';
  const choose = async (): Promise<void> => {
    try {
      const grant = await host.chooseOutputFolder();
      if (grant) actions.setFolder(grant);
    } catch (e) {
      alert('error', e instanceof Error ? e.message : String(e));
    }
  };
  const start = async (): Promise<void> => {
    const scene = run.scene;
    if (!scene) return;
    await actions.start({ host, scene, sceneFile: run.sceneFile, jobSeed: run.seed, episodes: run.episodes, records: runRecords(), meshes: useAssetStore.getState().meshes, workers: run.workers });
    const after = useExportStore.getState();
    if (after.status === 'failed') alert('error', `The export failed: ${after.error ?? 'unknown error'}`);
  };
  return (
    <div className="export-panel">
      <div className="export-form">
        <p className="hint">
          Exports the {run.episodes} episodes of the last run ({run.scene.name}, seed {run.seed}).
        </p>
        <div className="formats" role="radiogroup" aria-label="Format">
          {(Object.keys(EXPORT_FORMATS) as ExportFormat[]).map((f) => (
            <button key={f} type="button" role="radio" data-format={f} aria-checked={format === f} className={format === f ? 'active' : ''} title={EXPORT_FORMATS[f].tip} disabled={exporting} onClick={() => actions.setFormat(f)}>
              {EXPORT_FORMATS[f].label}
            </button>
          ))}
        </div>
        <div className="destination">
          <button type="button" title="Choose the folder the dataset is written into" disabled={exporting} onClick={() => void choose()}>
            Choose folder…
          </button>
          <span className="folder" data-folder={folder?.label ?? ''}>{folder ? folder.label : 'no folder chosen'}</span>
        </div>
        <label className="cameras" title={hasCameras ? 'Render every camera frame (slow on a CPU: about 25-30 frames/s)' : 'The scene has no cameras'}>
          <input type="checkbox" disabled={exporting || spec.cameras !== 'optional' || !hasCameras} checked={spec.cameras === 'required' || (spec.cameras === 'optional' && cameras && hasCameras)} onChange={(e) => actions.setCameras(e.target.checked)} />
          Render camera streams {spec.cameras === 'never' ? '(not stored in this format)' : spec.cameras === 'required' ? '(this format needs them)' : ''}
        </label>
        <div className="actions">
          {exporting ? (
            <button type="button" className="danger" title="Stop; the files written so far are removed" onClick={actions.cancel}>■ Cancel</button>
          ) : (
            <button type="button" className="primary" disabled={!folder} title={folder ? `Write a ${spec.label} dataset into ${folder.label}` : 'Choose a folder first'} onClick={() => void start()}>
              ⇩ Export
            </button>
          )}
        </div>
        {status !== 'idle' && (
          <div className="progress" role="progressbar" aria-label="Episodes exported" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done}>
            <div className="bar" style={{ width: `${total > 0 ? ((100 * done) / total).toFixed(1) : 0}%` }} />
          </div>
        )}
        <p className="export-status" data-status={status}>
          {status === 'exporting' ? `Writing episode ${done} of ${total}…` : status === 'cancelled' ? 'Cancelled; the files written were removed.' : status === 'failed' ? `Failed: ${error ?? ''}` : status === 'done' ? 'Done.' : ''}
        </p>
      </div>
      {summary && status === 'done' && <SummaryCard summary={summary} />}
    </div>
  );
}
