/**
 * Variations of an episode's camera streams: K re-renderings of each RGB
 * camera by a transfer world model, variation k conditioned on reference
 * frame k. Frames go in as they are rendered (RGB, depth, instance ids);
 * every `batchSize` frames the model runs once per reference; each output
 * frame is cropped to the camera's size, mapped from the output range to
 * [0, 1], given the reference's sensor noise and blur (postprocess.ts,
 * keyed by variation seed, k, episode seed, camera and frame), scored
 * (scores.ts) and handed to `sink` as RGBA8 in frame order. Labels carry
 * over unchanged: a variation is the same frames under another look.
 *
 * The output depends only on the model, the references, the seed and the
 * frames: batches are cut at fixed frame counts and no state crosses episodes.
 */
import { lumaOf, lumaOfRgba, planarToRgba, resizeToPlanar, type PlanarRgb, type RgbaImage } from './image';
import { concreteDims, type TensorData } from './load-model';
import type { TransferRoles, WorldModelManifest } from './manifest';
import { applyLook, lookDifference, sensorLook, type SensorLook } from './postprocess';
import { EdgeAgreement, imageEdges, labelEdges, TemporalConsistency } from './scores';
import { modelFrameSize, writeStructure, type RenderedFrame } from './structure';

/** The runner calls variations make (runner.ts's service, in-process or over Comlink). */
export interface VariationRunner {
  run(request: { feeds: Record<string, TensorData>; batchSize?: number }): Promise<Record<string, TensorData>>;
}

/** A reference frame a variation is conditioned on. */
export interface VariationReference {
  /** Where it came from: a file name (no folders) and the frame's index in it (0 for a still image). */
  source: { file: string; frame: number };
  image: RgbaImage;
}

/** Scores of one variation of one camera over one episode (scores.ts). */
export interface VariationScores {
  labelPreservation: number;
  temporalConsistency: number;
  /** Label preservation of the source camera's own frames (the renderer's ceiling). */
  sourceLabelPreservation: number;
}

/** Label preservation is scored on at most this many evenly spaced frames per episode. */
export const SCORED_FRAMES = 16;

/** Receives variation k's frame `frame` (RGBA8, the camera's size), in frame order per k. */
export type VariationSink = (k: number, frame: number, rgba: Uint8Array) => Promise<void>;

/** The references and model of a job's variations, shared by its episodes. */
export class VariationSet {
  readonly roles: TransferRoles;
  private readonly tensors: TensorData[];
  private readonly looks = new Map<string, SensorLook>();

  constructor(
    readonly runner: VariationRunner,
    readonly manifest: WorldModelManifest,
    roles: TransferRoles | undefined,
    readonly references: readonly VariationReference[],
    /** Keys the noise streams (with k, episode seed, camera, frame). */
    readonly seed: number,
    /** Frames per inference. */
    readonly batchSize = 4,
  ) {
    if (!roles) throw new Error(`world model "${manifest.name}" is a ${manifest.kind} model; variations need a transfer model`);
    if (references.length === 0) throw new Error('variations need at least one reference frame');
    this.roles = roles;
    const spec = roles.reference;
    const [, channels, height, width] = concreteDims(spec, { batch: 1, height: 0, width: 0, time: 1 });
    this.tensors = references.map((r) => referenceTensor(r.image, channels!, width!, height!, spec.range));
  }

  /** The model as variations record it (its sha256 was checked against the file when it loaded). */
  modelProvenance(): { name: string; sha256: string } {
    return { name: this.manifest.name, sha256: this.manifest.sha256 };
  }

  /** Variation k's reference input, [1, C, H, W]. */
  referenceTensor(k: number): TensorData {
    return this.tensors[k]!;
  }

  /** Noise and blur of reference k at `width` x `height` (what a real frame of that size looks like). */
  referenceLook(k: number, width: number, height: number): SensorLook {
    const key = `${k}:${width}x${height}`;
    let look = this.looks.get(key);
    if (!look) {
      const planar = resizeToPlanar(this.references[k]!.image, width, height);
      look = sensorLook(lumaOf(planar), width, height);
      this.looks.set(key, look);
    }
    return look;
  }

  /** Starts one camera of one episode. */
  camera(options: { cameraId: string; width: number; height: number; farMetres: number; frames: number; episodeSeed: string }, sink: VariationSink): CameraVariations {
    return new CameraVariations(this, options, sink);
  }
}

/** A reference frame as the model's reference input: resized, colour or grey, mapped onto `range`. */
export function referenceTensor(image: RgbaImage, channels: number, width: number, height: number, range: readonly [number, number]): TensorData {
  const planar = resizeToPlanar(image, width, height);
  const plane = width * height;
  const [lo, hi] = range;
  const data = new Float32Array(channels * plane);
  if (channels === 1) {
    const luma = lumaOf(planar);
    for (let i = 0; i < plane; i++) data[i] = lo + luma[i]! * (hi - lo);
  } else {
    for (let i = 0; i < 3 * plane; i++) data[i] = lo + planar.data[i]! * (hi - lo);
  }
  return { data, dims: [1, channels, height, width] };
}

interface Pending {
  frame: number;
  luma: Float32Array;
  instance: Uint16Array | undefined;
}

/** One camera's variations over one episode; feed frames in order with `add`, then `finish`. */
export class CameraVariations {
  private readonly size: { width: number; height: number };
  private readonly channels: number;
  private readonly structure: Float32Array;
  private pending: Pending[] = [];
  private next = 0;
  private readonly stride: number;
  private readonly source = new EdgeAgreement();
  private readonly agreement: EdgeAgreement[];
  private readonly consistency: TemporalConsistency[];
  private readonly added: (SensorLook | undefined)[];

  constructor(
    private readonly set: VariationSet,
    private readonly options: { cameraId: string; width: number; height: number; farMetres: number; frames: number; episodeSeed: string },
    private readonly sink: VariationSink,
  ) {
    const { manifest, roles } = set;
    this.size = modelFrameSize(options.width, options.height, manifest.spatial);
    this.channels = roles.structure.channels.length;
    this.structure = new Float32Array(set.batchSize * this.channels * this.size.width * this.size.height);
    this.stride = Math.max(1, Math.ceil(options.frames / SCORED_FRAMES));
    const k = set.references.length;
    this.agreement = Array.from({ length: k }, () => new EdgeAgreement());
    this.consistency = Array.from({ length: k }, () => new TemporalConsistency());
    this.added = Array.from({ length: k }, () => undefined);
  }

  /** Adds the next frame of the camera. */
  async add(frame: RenderedFrame): Promise<void> {
    const { width, height } = this.options;
    if (frame.width !== width || frame.height !== height) throw new Error(`camera "${this.options.cameraId}": frame is ${frame.width}x${frame.height}, expected ${width}x${height}`);
    const index = this.next++;
    const slot = this.pending.length;
    const floats = this.channels * this.size.width * this.size.height;
    writeStructure(frame, this.set.roles.structure.channels, this.set.roles.structure.range, this.options.farMetres, this.size, this.structure, slot * floats);
    const scored = index % this.stride === 0;
    const luma = lumaOfRgba(frame.rgba, width * height);
    if (scored) this.source.add(imageEdges(luma, width, height), labelEdges(frame.instance, width, height), width, height);
    this.pending.push({ frame: index, luma, instance: scored ? frame.instance.slice() : undefined });
    if (this.pending.length === this.set.batchSize) await this.flush();
  }

  /** Runs the last partial batch; returns the scores of each variation. */
  async finish(): Promise<VariationScores[]> {
    await this.flush();
    if (this.next !== this.options.frames) throw new Error(`camera "${this.options.cameraId}": ${this.next} frames added, the episode has ${this.options.frames}`);
    return this.agreement.map((a, k) => ({
      labelPreservation: a.f1(),
      temporalConsistency: this.consistency[k]!.score(),
      sourceLabelPreservation: this.source.f1(),
    }));
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    const { roles } = this.set;
    const { width: W, height: H } = this.size;
    const floats = this.channels * W * H;
    const structure: TensorData = { data: this.structure.subarray(0, batch.length * floats), dims: [batch.length, this.channels, H, W] };
    for (let k = 0; k < this.set.references.length; k++) {
      const result = await this.set.runner.run({
        feeds: { [roles.structure.name]: structure, [roles.reference.name]: this.set.referenceTensor(k) },
        batchSize: batch.length,
      });
      const frames = result[roles.output.name];
      if (!frames || frames.dims.join() !== [batch.length, 3, H, W].join()) {
        throw new Error(`world model output ${roles.output.name} has dims ${JSON.stringify(frames?.dims)}, expected ${JSON.stringify([batch.length, 3, H, W])}`);
      }
      for (const [b, item] of batch.entries()) await this.emit(k, item, cropFrame(frames.data, b, W, H, this.options.width, this.options.height, roles.output.range));
    }
  }

  private async emit(k: number, item: Pending, net: PlanarRgb): Promise<void> {
    const { width, height, cameraId, episodeSeed } = this.options;
    // The look to add is fixed per episode from the net's first frame, so it does not flicker.
    const add = (this.added[k] ??= lookDifference(this.set.referenceLook(k, width, height), sensorLook(lumaOf(net), width, height)));
    const out = this.set.manifest.postprocess?.noiseAndBlurFromReference ? applyLook(net, add, [this.set.seed, k, episodeSeed, cameraId, item.frame]) : net;
    const rgba = planarToRgba(out);
    const luma = lumaOfRgba(rgba, width * height);
    this.consistency[k]!.add(item.luma, luma, width, height);
    if (item.instance) this.agreement[k]!.add(imageEdges(luma, width, height), labelEdges(item.instance, width, height), width, height);
    await this.sink(k, item.frame, rgba);
  }
}

/** Frame b of a [B, 3, H, W] output cropped to width x height and mapped from `range` onto [0, 1] (clamped). */
function cropFrame(data: Float32Array, b: number, W: number, H: number, width: number, height: number, range: readonly [number, number]): PlanarRgb {
  const [lo, hi] = range;
  const out = new Float32Array(3 * width * height);
  for (let c = 0; c < 3; c++) {
    const src = (b * 3 + c) * W * H;
    const dst = c * width * height;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const v = (data[src + y * W + x]! - lo) / (hi - lo);
        out[dst + y * width + x] = v < 0 ? 0 : v > 1 ? 1 : v;
      }
    }
  }
  return { width, height, data: out };
}
