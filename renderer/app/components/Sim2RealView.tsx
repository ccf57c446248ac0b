/**
 * The Sim2Real view: choose a real reference (images or a video, dropped,
 * chosen, or a folder opened through the host), compute the report for the
 * last run's camera frames (raw renders, and the world-model variations
 * when some were made) and its states and actions, with progress; then the
 * key numbers with the "did the variations reduce the gap?" verdicts, and
 * the full report page. An exported dataset's meta/sim2real.html (written
 * by `npm run gap`) can be opened and shown too.
 */
import { useShallow } from 'zustand/react/shallow';
import { useHost } from '../host';
import { useDocumentStore } from '../state/document-store';
import { keyNumbers } from '../sim2real/key-numbers';
import { useRunStore } from '../state/run-store';
import { useSim2RealStore, type GapStage, type ShownReport } from '../state/sim2real-store';
import { useUiStore } from '../state/ui-store';
import { useWorldModelStore } from '../state/worldmodel-store';
import { filesFromFolder, filesFromList } from '../worldmodel/reference-files';
import { DropZone } from './DropZone';
import { ReportFrame } from './ReportFrame';

const STAGES: Record<GapStage, string> = { decoding: 'Decoding the real frames', rendering: 'Rendering the run’s frames', features: 'Extracting features', statistics: 'Computing the statistics' };

/** Four significant digits (as the report page writes them); exponent form for very small or large values. */
const fmt = (v: number | null): string => (v === null ? '—' : v !== 0 && (Math.abs(v) >= 1e6 || Math.abs(v) < 1e-4) ? v.toExponential(2) : String(Number(v.toPrecision(4))));

function KeyNumbers({ shown }: { shown: ShownReport }) {
  if (!shown.report) return <p className="muted">This folder has no readable meta/sim2real.json: the numbers are in the report below.</p>;
  const rows = keyNumbers(shown.report);
  const images = shown.report.images;
  if (rows.length === 0) return <p className="gap-skipped">{'skipped' in images ? `Images not compared: ${images.skipped}.` : 'No image statistics in this report.'}</p>;
  const hasVariations = rows.some((r) => r.variations !== null);
  return (
    <table className="key-numbers" aria-label="Key numbers">
      <thead>
        <tr>
          <th>statistic</th>
          <th title="The value identical distributions give">ideal</th>
          <th>raw renders</th>
          {hasVariations && <th>variations</th>}
          {hasVariations && <th title="Whether the variations lie closer to the ideal value than the raw renders">variations reduced the gap?</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.statistic} data-statistic={r.statistic} data-verdict={r.verdict ?? ''}>
            <td>{r.statistic}</td>
            <td>{fmt(r.ideal)}</td>
            <td>{fmt(r.raw)}</td>
            {hasVariations && <td>{fmt(r.variations)}</td>}
            {hasVariations && <td className={`verdict ${r.verdict ?? ''}`}>{r.verdict === 'reduced' ? '✔ reduced' : r.verdict === 'increased' ? '✘ increased' : (r.verdict ?? '—')}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function FrameCounts({ shown }: { shown: ShownReport }) {
  const images = shown.report?.images;
  if (!images || 'skipped' in images || !images.sets) return null;
  const part = (label: string, set: { frames: number; groups: number } | null | undefined) => (set ? `${label} ${set.frames} frames (${set.groups} group${set.groups === 1 ? '' : 's'})` : null);
  const parts = [part('real', images.sets.real), part('raw renders', images.sets.raw), part('variations', images.sets.variations)].filter(Boolean);
  return <p className="muted gap-sets">{parts.join(' · ')}, compared at {images.analysisSize?.width}×{images.analysisSize?.height} px</p>;
}

/** The view. */
export function Sim2RealView() {
  const host = useHost();
  const run = useRunStore(useShallow((s) => ({ scene: s.scene, status: s.status, episodes: s.episodes.length, seed: s.seed })));
  const gap = useSim2RealStore(useShallow((s) => ({ real: s.real, cameraId: s.cameraId, status: s.status, stage: s.stage, done: s.done, total: s.total, error: s.error, shown: s.shown })));
  const actions = useSim2RealStore((s) => s.actions);
  const variations = useWorldModelStore((s) => s.result);
  const { show, showDock, alert } = useUiStore((s) => s.actions);
  const hasDoc = useDocumentStore((s) => s.doc !== null);
  const cameras = (run.scene?.cameras ?? []).filter((c) => c.channels.includes('rgb'));
  const cameraId = cameras.some((c) => c.id === gap.cameraId) ? gap.cameraId : (variations?.cameraId ?? cameras[0]?.id ?? null);
  const running = gap.status === 'running';
  const hasRun = !!run.scene && run.episodes > 0 && run.status !== 'running';
  const missing = !hasRun ? 'run episodes with cameras' : cameras.length === 0 ? 'add a camera to the scene and run again' : !gap.real ? 'choose a real reference' : null;
  const fail = (e: unknown): void => alert('error', e instanceof Error ? e.message : String(e));
  const openReal = async (): Promise<void> => {
    try {
      const folder = await host.openInputFolder('reference');
      if (folder) actions.setReal(folder.label, filesFromFolder(folder.files));
    } catch (e) {
      fail(e);
    }
  };
  const openDataset = async (): Promise<void> => {
    try {
      const folder = await host.openInputFolder('dataset-report');
      const problem = folder && actions.showDataset(folder);
      if (problem) alert('error', problem);
    } catch (e) {
      fail(e);
    }
  };
  const varied = variations && variations.cameraId === cameraId ? variations : null;

  return (
    <main className="tool-view sim2real-view">
      <aside className="tool-side panel">
        <h2>Real reference</h2>
        <DropZone label="Real reference" hint="Drop real images (PNG, JPEG) or a video (MP4, WebM) here" disabled={running} onFiles={(files) => actions.setReal(files.length === 1 ? files[0]!.name : `${files.length} dropped files`, filesFromList(files))} onFolder={() => void openReal()}>
          {gap.real && (
            <p className="real-chosen" data-files={gap.real.files.length}>
              <strong>{gap.real.label}</strong> <span className="muted">{gap.real.files.length} file{gap.real.files.length === 1 ? '' : 's'}</span>
            </p>
          )}
        </DropZone>
        <h2>Synthetic</h2>
        <div className="vary-form">
          {hasRun ? (
            <p className="hint">
              The last run of <strong>{run.scene!.name}</strong> (seed {run.seed}, {run.episodes} episodes): up to 16 frames per episode
              {varied ? `, and the ${varied.variations.length} variations of episode ${varied.episodeIndex} made in World model` : '; no world-model variations of this camera yet (make some in World model to see whether they close the gap)'}.
            </p>
          ) : (
            <p className="hint">No run yet.</p>
          )}
          <label>
            Camera
            <select aria-label="Camera" value={cameraId ?? ''} disabled={running || cameras.length === 0} onChange={(e) => actions.setCamera(e.target.value)}>
              {cameras.map((c) => (
                <option key={c.id} value={c.id}>{c.id} ({c.width}×{c.height})</option>
              ))}
            </select>
          </label>
          <div className="actions">
            {running ? (
              <button type="button" className="danger" onClick={actions.cancel}>■ Cancel</button>
            ) : (
              <button type="button" className="primary" disabled={missing !== null} title={missing ? `First ${missing}` : 'Compare the run’s frames, states and actions with the real reference'} onClick={() => { if (cameraId) actions.setCamera(cameraId); void actions.compute(host); }}>
                Compute report
              </button>
            )}
          </div>
          {missing && !running && <p className="hint muted">First {missing}.</p>}
          {running && gap.stage && (
            <>
              <div className="progress" role="progressbar" aria-label={STAGES[gap.stage]} aria-valuemin={0} aria-valuemax={gap.total} aria-valuenow={gap.done}>
                <div className="bar" style={{ width: `${gap.total > 0 ? ((100 * gap.done) / gap.total).toFixed(1) : 0}%` }} />
              </div>
              <p className="gap-status" data-status="running">{STAGES[gap.stage]}{gap.stage === 'statistics' ? '…' : `: ${gap.done} / ${gap.total} frames`}</p>
            </>
          )}
          {!running && gap.status !== 'idle' && (
            <p className="gap-status" data-status={gap.status}>{gap.status === 'done' ? 'Done.' : gap.status === 'cancelled' ? 'Cancelled.' : `Failed: ${gap.error ?? ''}`}</p>
          )}
        </div>
        <h2>Exported dataset</h2>
        <div className="vary-form">
          <p className="hint">Show the report <code>npm run gap</code> wrote into a dataset (meta/sim2real.html).</p>
          <div className="actions">
            <button type="button" disabled={running} onClick={() => void openDataset()}>Open dataset folder…</button>
          </div>
        </div>
      </aside>
      <section className="tool-main gap-main">
        {gap.shown ? (
          <>
            <header className="gap-header" data-origin={gap.shown.origin}>
              <h2>{gap.shown.origin === 'run' ? `${gap.shown.report?.synthetic.path ?? 'The last run'} against ${gap.shown.label}` : `Report of ${gap.shown.label}`}</h2>
              <FrameCounts shown={gap.shown} />
              <KeyNumbers shown={gap.shown} />
            </header>
            <ReportFrame html={gap.shown.html} title="Sim2Real report" />
          </>
        ) : (
          <div className="tool-empty" data-empty={!hasRun ? 'no-run' : 'no-report'}>
            <h2>No report yet</h2>
            <p>
              {!hasRun
                ? 'Run episodes with cameras first, then compare their frames with real images or video here.'
                : 'Choose real images or a video and press “Compute report”: it measures how far the run’s frames, states and actions are from the real ones, and whether the world-model variations closed the gap.'}
            </p>
            {!hasRun && (
              <button type="button" className="primary" onClick={() => (hasDoc ? (show('editor'), showDock('run')) : show('gallery'))}>
                {hasDoc ? 'Go to Run' : 'Browse presets'}
              </button>
            )}
          </div>
        )}
      </section>
    </main>
  );
}
