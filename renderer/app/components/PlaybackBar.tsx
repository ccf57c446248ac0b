/**
 * Over the viewport: the physics preview's Play / Pause / Reset, and the
 * transport of any replay (scrubber, time, what is shown). Playing
 * advances the playback store's frame in real time; the document is never
 * written.
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { previewOpenScene } from '../commands';
import { useHost } from '../host';
import { outcomeLabel } from '../model/outcomes';
import { usePlaybackStore } from '../state/playback-store';
import { useRunStore } from '../state/run-store';

/** Advances a playing clip with the display's frames. */
function usePlaybackLoop(playing: boolean): void {
  useEffect(() => {
    if (!playing) return;
    let last = performance.now();
    let frame = requestAnimationFrame(function step(now) {
      usePlaybackStore.getState().actions.tick(Math.min(0.1, (now - last) / 1000));
      last = now;
      frame = requestAnimationFrame(step);
    });
    return () => cancelAnimationFrame(frame);
  }, [playing]);
}

/** The transport bar. */
export function PlaybackBar() {
  const host = useHost();
  const { clip, status, frame, playing, previewIndex } = usePlaybackStore(
    useShallow((s) => ({ clip: s.clip, status: s.status, frame: s.frame, playing: s.playing, previewIndex: s.previewIndex })),
  );
  const actions = usePlaybackStore((s) => s.actions);
  const seed = useRunStore((s) => s.settings.seed);
  usePlaybackLoop(playing);

  const isPreview = !clip || clip.kind === 'preview';
  const frames = clip?.record.frames ?? 0;
  const fps = clip?.record.fps ?? 1;
  const shown = Math.min(Math.floor(frame), Math.max(0, frames - 1));
  const play = (): void => {
    if (isPreview) void previewOpenScene(host);
    else actions.play();
  };
  return (
    <div className="playback" role="toolbar" aria-label="Playback" data-status={status}>
      {playing ? (
        <button type="button" className="primary" aria-label="Pause" title="Pause the replay (Space)" onClick={actions.pause}>
          ❚❚
        </button>
      ) : (
        <button
          type="button"
          className="primary"
          aria-label={isPreview ? 'Play physics preview' : 'Play'}
          disabled={status === 'loading'}
          title={isPreview ? `Simulate episode ${previewIndex} of seed ${seed} and play it here; the scene document is not changed (Space)` : 'Play the replay (Space)'}
          onClick={play}
        >
          ▶ {isPreview && !clip ? 'Preview physics' : ''}
        </button>
      )}
      <button type="button" aria-label="Reset" disabled={!clip && status !== 'loading'} title="Stop and show the scene document again" onClick={actions.reset}>
        ⟲
      </button>
      {isPreview && (
        <button type="button" aria-label="Another sample" disabled={status === 'loading'} title={`Preview another randomized episode (now episode ${previewIndex})`} onClick={() => { actions.reset(); actions.nextSample(); }}>
          ⚄ {previewIndex}
        </button>
      )}
      {status === 'loading' && <span className="playback-label">Simulating episode {previewIndex}…</span>}
      {clip && frames > 0 && (
        <>
          <input
            className="scrubber"
            type="range"
            aria-label="Frame"
            min={0}
            max={Math.max(0, frames - 1)}
            step={1}
            value={shown}
            disabled={frames === 0}
            onChange={(e) => {
              actions.pause();
              actions.seek(Number(e.target.value));
            }}
          />
          <span className="playback-time" data-frame={shown}>
            {(shown / fps).toFixed(2)} / {(Math.max(0, frames - 1) / fps).toFixed(2)} s
          </span>
        </>
      )}
      {clip && (
        <span className={`playback-label ${clip.record.success ? 'ok' : 'bad'}`} title={clip.record.detail}>
          {clip.kind === 'preview' ? 'Preview' : 'Replay'} · episode {clip.episodeIndex} · {outcomeLabel(clip.record.outcome)}
          {frames === 0 ? ' · its layout only (nothing was simulated)' : ''}
        </span>
      )}
    </div>
  );
}
