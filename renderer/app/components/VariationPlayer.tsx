/**
 * Side-by-side playback of a camera's original frames and its world-model
 * variations, in sync: one play button and one scrubber drive every
 * stream. Each variation shows the reference frame it was conditioned on
 * and its scores: label preservation (do the labels still fit the
 * picture?) and temporal consistency (does it change where and when the
 * original changes, and only then?).
 */
import { useEffect, useRef, useState } from 'react';
import type { VariationScores } from '../../../workers/worldmodel/variations';
import type { VariationRun } from '../worldmodel/make-variations';

/** Draws frame `frame` of packed RGBA `frames` (or a single image) into `canvas`. */
function draw(canvas: HTMLCanvasElement | null, frames: Uint8Array | Uint8ClampedArray, width: number, height: number, frame: number): void {
  if (!canvas) return;
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const size = width * height * 4;
  const pixels = new Uint8ClampedArray(frames.buffer, frames.byteOffset + frame * size, size);
  canvas.getContext('2d')?.putImageData(new ImageData(pixels.slice(), width, height), 0, 0);
}

function Score({ name, value, tip, kind }: { name: string; value: number; tip: string; kind: string }) {
  return (
    <div className="score" data-score={kind} data-value={value} title={tip}>
      <span className="score-name">{name}</span>
      <span className="meter" aria-hidden="true"><span style={{ width: `${(100 * Math.max(0, Math.min(1, value))).toFixed(1)}%` }} /></span>
      <span className="score-value">{value.toFixed(2)}</span>
    </div>
  );
}

function Scores({ scores }: { scores: VariationScores }) {
  return (
    <div className="scores">
      <Score kind="label-preservation" name="label preservation" value={scores.labelPreservation} tip="Edge F1 (within 1 px) between this variation's edges and the instance boundaries: 1 when every object outline is where the labels say; invented, moved or blurred-away objects lower it" />
      <Score kind="temporal-consistency" name="temporal consistency" value={scores.temporalConsistency} tip="Correlation between where the variation changes from frame to frame and where the original does: flicker and frozen frames lower it" />
    </div>
  );
}

/** The player. */
export function VariationPlayer({ run }: { run: VariationRun }) {
  const [frame, setFrame] = useState(0);
  const [playing, setPlaying] = useState(false);
  const canvases = useRef<(HTMLCanvasElement | null)[]>([]);
  const references = useRef<(HTMLCanvasElement | null)[]>([]);
  const last = run.count - 1;

  useEffect(() => {
    setFrame(0);
    setPlaying(false);
    run.variations.forEach((v, k) => draw(references.current[k] ?? null, v.reference.image.data, v.reference.image.width, v.reference.image.height, 0));
  }, [run]);
  useEffect(() => {
    const at = Math.min(frame, last);
    draw(canvases.current[0] ?? null, run.original, run.width, run.height, at);
    run.variations.forEach((v, k) => draw(canvases.current[k + 1] ?? null, v.frames, run.width, run.height, at));
  }, [run, frame, last]);
  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => setFrame((f) => (f >= last ? 0 : f + 1)), 1000 / Math.max(1, run.fps));
    return () => clearInterval(timer);
  }, [playing, last, run.fps]);

  const source = run.variations[0]?.scores.sourceLabelPreservation;
  return (
    <div className="variation-player" data-frame={frame} data-streams={run.variations.length + 1}>
      <div className="player-controls">
        <button type="button" className="primary" aria-label={playing ? 'Pause' : 'Play'} title={playing ? 'Pause every stream' : 'Play every stream in sync'} onClick={() => setPlaying(!playing)}>
          {playing ? '❚❚' : '▶'}
        </button>
        <input
          type="range"
          className="scrubber"
          aria-label="Frame"
          min={0}
          max={last}
          step={1}
          value={frame}
          onChange={(e) => {
            setPlaying(false);
            setFrame(Number(e.target.value));
          }}
        />
        <span className="player-time">
          frame {frame} / {last} · {(frame / run.fps).toFixed(2)} s
        </span>
      </div>
      <div className="streams">
        <figure className="stream original" data-stream="original" data-frame={frame}>
          <canvas ref={(c) => void (canvases.current[0] = c)} width={run.width} height={run.height} aria-label="Original frames" />
          <figcaption>
            <span>
              <strong>original</strong> · camera {run.cameraId} · episode {run.episodeIndex}
            </span>
            {source !== undefined && (
              <div className="scores">
                <Score kind="source-label-preservation" name="label ceiling" value={source} tip="Label preservation of the rendered frames themselves: the most a variation can reach (shading and same-coloured neighbours keep it below 1)" />
              </div>
            )}
          </figcaption>
        </figure>
        {run.variations.map((v, k) => (
          <figure key={k} className="stream variation" data-stream={`variation-${k}`} data-frame={frame}>
            <canvas ref={(c) => void (canvases.current[k + 1] = c)} width={run.width} height={run.height} aria-label={`Variation ${k + 1} frames`} />
            <figcaption>
              <div className="variation-title">
                <canvas className="reference-thumb" ref={(c) => void (references.current[k] = c)} aria-label={`Reference of variation ${k + 1}`} />
                <span>
                  <strong>variation {k + 1}</strong>
                  <br />
                  <span className="muted" title="The reference frame this variation is conditioned on">
                    {v.reference.file}
                    {/\.(mp4|m4v|mov|webm|mkv)$/i.test(v.reference.file) ? ` frame ${v.reference.frame}` : ''}
                  </span>
                </span>
              </div>
              <Scores scores={v.scores} />
            </figcaption>
          </figure>
        ))}
      </div>
      <p className="player-note muted">
        {run.model.name} · seed {run.seed} · {run.count < run.episodeFrames ? `the first ${run.count} of ${run.episodeFrames}` : run.count} frames at {run.fps} fps, {run.width}×{run.height}
      </p>
    </div>
  );
}
