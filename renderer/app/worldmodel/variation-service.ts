/**
 * The window's world-model service: the plain object variation.worker.ts
 * exposes with Comlink (tests may use it in-process). It loads one model
 * (checked against its manifest by the runtime in workers/worldmodel) and
 * makes the K variations of one camera of one episode from its rendered
 * frames, as a dataset export would (VariationSet: structure tensor, net,
 * crop, the reference's noise and blur, scores), reporting each frame done
 * and stopping between batches when cancelled.
 */
import { transfer } from 'comlink';
import type { ModelFiles, Ort } from '../../../workers/worldmodel/load-model';
import { transferRoles, type WorldModelManifest } from '../../../workers/worldmodel/manifest';
import { createWorldModelService, RunCancelled } from '../../../workers/worldmodel/runner';
import { VariationSet, type VariationReference, type VariationScores } from '../../../workers/worldmodel/variations';

/** A model the service loaded: its manifest and the wasm threads it runs with. */
export interface LoadedModelInfo {
  manifest: WorldModelManifest;
  threads: number;
}

/** One camera's rendered frames, packed: frame i of N is at i * width * height (times 4 for RGBA). */
export interface SourceFrames {
  cameraId: string;
  width: number;
  height: number;
  /** The camera's far plane, metres (depth is normalised by it). */
  farMetres: number;
  /** Number of frames N. */
  count: number;
  /** RGBA8, row 0 at the top. */
  rgba: Uint8Array;
  /** Z-depth, metres; 0 where nothing was hit. */
  depth: Float32Array;
  /** Instance ids, 0 = background. */
  instance: Uint16Array;
}

/** What `vary` makes from. */
export interface VaryRequest {
  frames: SourceFrames;
  /** The episode's seed (hex): keys the noise streams with the job seed, k, camera and frame. */
  episodeSeed: string;
  /** Variation k is conditioned on references[k]. */
  references: VariationReference[];
  /** The job seed. */
  seed: number;
  /** Frames per inference. */
  batchSize: number;
}

/** The K variations: frames packed as the source's RGBA, and each one's scores. */
export interface VaryResult {
  frames: Uint8Array[];
  scores: VariationScores[];
}

/** Frames done of the total (N x K), after each variation frame. */
export type VaryProgress = (done: number, total: number) => void;

/** Creates the service; `loadOrt` gives this runtime's onnxruntime-web build. */
export function createVariationService(loadOrt: () => Promise<Ort>) {
  const runner = createWorldModelService(loadOrt);
  let files: ModelFiles | undefined;
  let cancelled = false;

  return {
    /**
     * Loads and checks a model, replacing the loaded one; rejects with the
     * runtime's one-line reason (file, field, value) when it is refused.
     */
    async load(manifestText: string, modelBytes: Uint8Array, modelFiles: ModelFiles): Promise<LoadedModelInfo> {
      files = undefined;
      const info = await runner.load(manifestText, modelBytes, modelFiles);
      files = modelFiles;
      return { manifest: info.manifest, threads: info.threads };
    },

    /** Makes the variations of `request.frames`; rejects with RunCancelled's message after `cancel()`. */
    async vary(request: VaryRequest, onProgress?: VaryProgress): Promise<VaryResult> {
      const info = runner.info();
      if (!info || !files) throw new Error('world model: no model is loaded');
      const roles = info.kind === 'transfer' ? transferRoles(info.manifest, files.manifestFile) : undefined;
      cancelled = false;
      const guarded = {
        run: (req: Parameters<typeof runner.run>[0]) => {
          if (cancelled) throw new RunCancelled('cancelled');
          return runner.run(req);
        },
      };
      const set = new VariationSet(guarded, info.manifest, roles, request.references, request.seed, request.batchSize);
      const { cameraId, width, height, farMetres, count } = request.frames;
      const pixels = width * height;
      const k = request.references.length;
      const out = Array.from({ length: k }, () => new Uint8Array(count * pixels * 4));
      let done = 0;
      const camera = set.camera({ cameraId, width, height, farMetres, frames: count, episodeSeed: request.episodeSeed }, async (v, frame, rgba) => {
        out[v]!.set(rgba, frame * pixels * 4);
        onProgress?.(++done, count * k);
      });
      const { rgba, depth, instance } = request.frames;
      for (let i = 0; i < count; i++) {
        await camera.add({
          width,
          height,
          rgba: rgba.subarray(i * pixels * 4, (i + 1) * pixels * 4),
          depth: depth.subarray(i * pixels, (i + 1) * pixels),
          instance: instance.subarray(i * pixels, (i + 1) * pixels),
        });
      }
      const scores = await camera.finish();
      return transfer({ frames: out, scores }, out.map((f) => f.buffer as ArrayBuffer));
    },

    /** Stops the running `vary` before its next inference. */
    cancel(): void {
      cancelled = true;
    },
  };
}

export type VariationService = ReturnType<typeof createVariationService>;
