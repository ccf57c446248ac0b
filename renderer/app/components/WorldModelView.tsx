/**
 * The World Model view: pick a model, drop a reference (a video, or
 * images), pick an episode of the last run and a camera, and make K
 * variations of its video in a Web Worker, with progress and cancel; then
 * play the original and the variations side by side with their scores.
 * Empty states say what to do next.
 */
import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useHost } from '../host';
import { useDocumentStore } from '../state/document-store';
import { useRunStore } from '../state/run-store';
import { useUiStore } from '../state/ui-store';
import { MAX_VARIATIONS, useWorldModelStore } from '../state/worldmodel-store';
import { chooseReference, filesFromFolder, filesFromList } from '../worldmodel/reference-files';
import { DropZone } from './DropZone';
import { ModelPicker } from './ModelPicker';
import { VariationPlayer } from './VariationPlayer';

const STAGES = { rendering: 'Rendering the camera frames', reference: 'Decoding the reference', varying: 'Running the world model' } as const;

function ReferencePreview() {
  const reference = useWorldModelStore((s) => s.reference);
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const image = reference?.preview;
    const c = canvas.current;
    if (!image || !c) return;
    c.width = image.width;
    c.height = image.height;
    c.getContext('2d')?.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
  }, [reference]);
  if (!reference) return null;
  const { source } = reference;
  return (
    <div className="reference-chosen" data-kind={source.kind} data-files={source.files.length}>
      {reference.preview && <canvas ref={canvas} className="reference-preview" aria-label="Reference frame" />}
      <div>
        <strong className="reference-name">{source.name}</strong>
        <br />
        <span className="muted">{source.kind === 'video' ? 'video' : `${source.files.length} image${source.files.length === 1 ? '' : 's'}`}</span>
        {reference.error && <p className="error" role="alert">{reference.error}</p>}
      </div>
    </div>
  );
}

/** The view. */
export function WorldModelView() {
  const host = useHost();
  const run = useRunStore(useShallow((s) => ({ scene: s.scene, status: s.status, episodes: s.episodes, seed: s.seed })));
  const wm = useWorldModelStore(
    useShallow((s) => ({
      models: s.models, selected: s.selected, reference: s.reference, referenceError: s.referenceError, count: s.count, episodeIndex: s.episodeIndex,
      cameraId: s.cameraId, status: s.status, stage: s.stage, done: s.done, total: s.total, error: s.error, result: s.result,
    })),
  );
  const actions = useWorldModelStore((s) => s.actions);
  const { show, showDock, alert } = useUiStore((s) => s.actions);
  const hasDoc = useDocumentStore((s) => s.doc !== null);
  useEffect(() => void actions.init(host), [actions, host]);

  const cameras = (run.scene?.cameras ?? []).filter((c) => c.channels.includes('rgb'));
  const episodes = run.status === 'running' ? [] : run.episodes.filter((e) => e.frames > 0);
  const episodeIndex = episodes.some((e) => e.episodeIndex === wm.episodeIndex) ? wm.episodeIndex : (episodes[0]?.episodeIndex ?? null);
  const cameraId = cameras.some((c) => c.id === wm.cameraId) ? wm.cameraId : (cameras[0]?.id ?? null);
  useEffect(() => {
    if (episodeIndex !== null && episodeIndex !== wm.episodeIndex) actions.setEpisode(episodeIndex);
    if (cameraId !== null && cameraId !== wm.cameraId) actions.setCamera(cameraId);
  }, [actions, episodeIndex, cameraId, wm.episodeIndex, wm.cameraId]);

  const running = wm.status === 'running';
  const model = wm.models.find((m) => m.id === wm.selected);
  const missing = !run.scene || episodes.length === 0
    ? 'run episodes with cameras'
    : cameras.length === 0
      ? 'add a camera to the scene and run again'
      : model?.status !== 'ready'
        ? 'choose a model that loads'
        : !wm.reference || wm.reference.error
          ? 'drop a video or images as the reference'
          : null;
  const openReferenceFolder = async (): Promise<void> => {
    try {
      const folder = await host.openInputFolder('reference');
      if (folder) await actions.setReference(chooseReference(filesFromFolder(folder.files), folder.label));
    } catch (e) {
      alert('error', e instanceof Error ? e.message : String(e));
    }
  };

  let main;
  if (!run.scene || run.episodes.length === 0 || run.status === 'running') {
    main = (
      <div className="tool-empty" data-empty="no-run">
        <h2>No episodes to vary yet</h2>
        <p>{run.status === 'running' ? 'Episodes are running: wait for the run to finish.' : 'Run episodes with cameras first (Editor → Run), then come back to re-render their camera video with a world model.'}</p>
        {run.status !== 'running' && (
          <button type="button" className="primary" title={hasDoc ? 'The runner under the viewport' : 'Open a preset first'} onClick={() => (hasDoc ? (show('editor'), showDock('run')) : show('gallery'))}>
            {hasDoc ? 'Go to Run' : 'Browse presets'}
          </button>
        )}
      </div>
    );
  } else if (cameras.length === 0) {
    main = (
      <div className="tool-empty" data-empty="no-camera">
        <h2>The last run has no camera video</h2>
        <p>Its scene has no RGB camera. Add a camera in the Editor (Add → Cameras), run episodes with cameras, then make variations here.</p>
      </div>
    );
  } else if (wm.result) {
    main = <VariationPlayer run={wm.result} />;
  } else {
    main = (
      <div className="tool-empty" data-empty={wm.reference ? 'ready' : 'no-reference'}>
        <h2>{wm.reference ? 'Ready to make variations' : 'No reference yet'}</h2>
        <p>
          {wm.reference
            ? `Press “Make variations”: the camera video of episode ${episodeIndex ?? '…'} is re-rendered ${wm.count} times, each under the look of one frame of the reference, and played here beside the original.`
            : 'Drop a video or images on the reference area (or choose files): the world model re-renders the camera video under their look while keeping the geometry, so the labels stay valid.'}
        </p>
      </div>
    );
  }

  return (
    <main className="tool-view worldmodel-view">
      <aside className="tool-side panel">
        <h2>World model</h2>
        <ModelPicker disabled={running} />
        <h2>Reference</h2>
        <DropZone
          label="Reference"
          hint={<>Drop a video (MP4, WebM) or images (PNG, JPEG; greyscale is fine) here</>}
          disabled={running}
          onFiles={(files) => void actions.setReference(chooseReference(filesFromList(files)))}
          onFolder={() => void openReferenceFolder()}
        >
          <ReferencePreview />
          {wm.referenceError && <p className="error" role="alert">{wm.referenceError}</p>}
        </DropZone>
        <h2>Variations</h2>
        <div className="vary-form">
          <label>
            Episode
            <select aria-label="Episode" value={episodeIndex ?? ''} disabled={running || episodes.length === 0} onChange={(e) => actions.setEpisode(Number(e.target.value))}>
              {episodes.map((e) => (
                <option key={e.episodeIndex} value={e.episodeIndex}>
                  {e.episodeIndex} · {e.outcome} · {e.frames} frames
                </option>
              ))}
            </select>
          </label>
          <label>
            Camera
            <select aria-label="Camera" value={cameraId ?? ''} disabled={running || cameras.length === 0} onChange={(e) => actions.setCamera(e.target.value)}>
              {cameras.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.id} ({c.width}×{c.height})
                </option>
              ))}
            </select>
          </label>
          <label title="K: how many variations, each conditioned on another frame of the reference (picked by the run's seed)">
            Variations (K)
            <input type="number" aria-label="Variations" min={1} max={MAX_VARIATIONS} value={wm.count} disabled={running} onChange={(e) => actions.setCount(Number(e.target.value) || 1)} />
          </label>
          <div className="actions">
            {running ? (
              <button type="button" className="danger" title="Stop after the current batch" onClick={actions.cancel}>■ Cancel</button>
            ) : (
              <button type="button" className="primary" disabled={missing !== null} title={missing ? `First ${missing}` : 'Re-render the camera video K times with the world model'} onClick={() => void actions.make()}>
                Make variations
              </button>
            )}
          </div>
          {missing && !running && <p className="hint muted">First {missing}.</p>}
          {running && wm.stage && (
            <>
              <div className="progress" role="progressbar" aria-label={STAGES[wm.stage]} aria-valuemin={0} aria-valuemax={wm.total} aria-valuenow={wm.done}>
                <div className="bar" style={{ width: `${wm.total > 0 ? ((100 * wm.done) / wm.total).toFixed(1) : 0}%` }} />
              </div>
              <p className="vary-status" data-status="running">{STAGES[wm.stage]}: {wm.done} / {wm.total}{wm.stage === 'varying' ? ' frames' : ''}</p>
            </>
          )}
          {!running && wm.status !== 'idle' && (
            <p className="vary-status" data-status={wm.status}>
              {wm.status === 'done' ? 'Done.' : wm.status === 'cancelled' ? 'Cancelled.' : `Failed: ${wm.error ?? ''}`}
            </p>
          )}
        </div>
      </aside>
      <section className="tool-main">{main}</section>
    </main>
  );
}
