/**
 * The camera video of a replayed episode: the chosen camera's image at the
 * replay's current frame, rendered on demand (the latest frame asked for
 * wins while one is rendering), so it plays along with the viewport.
 */
import { useEffect, useRef, useState } from 'react';
import type { PoseTrack } from '../../../exporters/episode';
import type { MeshLibrary } from '../../../workers/physics/mesh';
import { renderCameraFrame } from '../runner/camera-frames';
import { useAssetStore } from '../state/asset-store';
import { usePlaybackStore, type Clip } from '../state/playback-store';

interface Request {
  clip: Clip;
  cameraId: string;
  frame: number;
  meshes: MeshLibrary;
}

/** The camera panel of the episode browser. */
export function CameraView() {
  const clip = usePlaybackStore((s) => s.clip);
  const frame = usePlaybackStore((s) => Math.floor(s.frame));
  const meshes = useAssetStore((s) => s.meshes);
  const cameras = clip?.scene.cameras ?? [];
  const [cameraId, setCameraId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [shownFrame, setShownFrame] = useState<number | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const camera = cameras.find((c) => c.id === cameraId) ?? cameras[0];
  /** The image asked for last, and the one drawn last: the pump renders until they match. */
  const wanted = useRef<Request | null>(null);
  const drawn = useRef<Request | null>(null);
  const busy = useRef(false);

  useEffect(() => {
    const ok = clip && camera && clip.record.poses && clip.record.frames > 0;
    wanted.current = ok ? { clip, cameraId: camera.id, frame, meshes } : null;
    const pump = async (): Promise<void> => {
      if (busy.current) return;
      busy.current = true;
      try {
        for (let request = wanted.current; request && request !== drawn.current; request = wanted.current) {
          const image = await renderCameraFrame(request.clip.scene, request.meshes, request.clip.record.poses as PoseTrack, request.cameraId, request.frame, request.clip.record.seed);
          drawn.current = request;
          const target = canvas.current;
          if (!target) break;
          target.width = image.width;
          target.height = image.height;
          target.getContext('2d')?.putImageData(new ImageData(new Uint8ClampedArray(image.rgba), image.width, image.height), 0, 0);
          setShownFrame(request.frame);
          setError(null);
        }
      } catch (e) {
        drawn.current = wanted.current;
        setError(e instanceof Error ? e.message : String(e));
      } finally {
        busy.current = false;
      }
    };
    void pump();
  }, [clip, camera, frame, meshes]);
  useEffect(() => () => void (wanted.current = null), []);

  if (!clip) return null;
  if (cameras.length === 0) return <p className="empty camera-empty">This scene has no cameras, so its episodes have no video. Add one from the library (Cameras) to record images.</p>;
  if (clip.record.frames === 0) return null;
  return (
    <figure className="camera-view" data-camera={camera?.id} data-frame={shownFrame ?? ''}>
      <canvas ref={canvas} width={camera?.width ?? 256} height={camera?.height ?? 256} aria-label={`Camera ${camera?.id ?? ''} image`} />
      <figcaption>
        <select aria-label="Camera" value={camera?.id} title="Which camera to watch" onChange={(e) => setCameraId(e.target.value)}>
          {cameras.map((c) => (
            <option key={c.id} value={c.id}>
              {c.id} ({c.width}×{c.height})
            </option>
          ))}
        </select>{' '}
        {error ? <span className="error">{error}</span> : <span>frame {shownFrame ?? '…'}</span>}
      </figcaption>
    </figure>
  );
}
